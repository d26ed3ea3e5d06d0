package io.grapevine.index;

import io.grapevine.index.analysis.Analyzers;
import io.grapevine.index.item.IndexedItem;
import io.grapevine.index.schema.ItemDocuments;
import io.grapevine.index.search.FacetingSearcher;
import io.grapevine.index.search.SearchExecutor;
import io.grapevine.index.search.SearchRequest;
import io.grapevine.index.search.SearchResult;
import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;

/**
 * The searchable index of accepted announcements.
 *
 * <p>Visibility: changes are searchable within {@link IndexConfig#refreshInterval()} (or at once after {@link
 * #refresh()}). Durability: changes are committed every {@link IndexConfig#commitInterval()} when there are any, on
 * {@link #commit()}, after {@link #rebuild}, and on {@link #close()}. A crash loses at most the changes since the last
 * commit; on the next open the index is the last commit, consistent. The caller records its own progress with {@link
 * #setCheckpoint(long)}; it is saved with each commit, and {@link #committedCheckpoint()} tells from where to replay its
 * store. {@link #rebuildNeeded()} says the index was created empty (new, unreadable or of an older schema).
 */
public final class AnnouncementIndex implements Closeable {
  private final IndexConfig config;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final ItemDocuments documents;
  private final SearchExecutor executor;
  private final boolean rebuildNeeded;
  private final String openReason;
  private final OptionalLong committedAtOpen;
  private final ScheduledExecutorService background;
  private final Object commitLock = new Object();
  private final AtomicReference<Throwable> backgroundFailure = new AtomicReference<>();
  private volatile OptionalLong checkpoint;
  private volatile OptionalLong committedCheckpoint;
  private volatile boolean rebuilding;
  private volatile boolean closed;
  private final AtomicInteger refreshHolds = new AtomicInteger();
  private volatile long lastRefreshNanos = System.nanoTime();

  private AnnouncementIndex(IndexConfig config, IndexOpener.Opened opened, Analyzer indexAnalyzer) throws IOException {
    this.config = config;
    this.directory = opened.directory();
    this.writer = opened.writer();
    this.rebuildNeeded = opened.rebuildNeeded();
    this.openReason = opened.reason();
    this.committedAtOpen = opened.checkpoint();
    this.checkpoint = opened.checkpoint();
    this.committedCheckpoint = opened.checkpoint();
    FacetsConfig facetsConfig = ItemDocuments.newFacetsConfig();
    this.documents = new ItemDocuments(facetsConfig);
    this.searchers = new SearcherManager(writer, true, false, FacetingSearcher.factory(facetsConfig));
    this.executor = new SearchExecutor(Analyzers.forQueries(), indexAnalyzer, config.limits(), config.highlightPre(),
        config.highlightPost());
    this.background = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "grapevine-index-" + config.directory().getFileName());
      t.setDaemon(true);
      return t;
    });
    long refreshMs = config.refreshInterval().toMillis();
    long commitMs = config.commitInterval().toMillis();
    background.scheduleWithFixedDelay(this::backgroundRefresh, refreshMs, refreshMs, TimeUnit.MILLISECONDS);
    background.scheduleWithFixedDelay(this::backgroundCommit, commitMs, commitMs, TimeUnit.MILLISECONDS);
  }

  /** Opens (or creates) the index in {@code config.directory()}. */
  public static AnnouncementIndex open(IndexConfig config) throws IOException {
    Analyzer indexAnalyzer = Analyzers.forIndexing();
    IndexOpener.Opened opened = IndexOpener.open(config, indexAnalyzer);
    try {
      return new AnnouncementIndex(config, opened, indexAnalyzer);
    } catch (IOException | RuntimeException e) {
      opened.writer().rollback();
      opened.directory().close();
      throw e;
    }
  }

  /** Adds the item, or replaces the item with the same content id. */
  public void upsert(IndexedItem item) throws IOException {
    writer.updateDocument(ItemDocuments.idTerm(item.contentId()), documents.build(item));
  }

  /** Removes the item (a retraction, or a block); unknown ids are ignored. */
  public void delete(String contentId) throws IOException {
    writer.deleteDocuments(ItemDocuments.idTerm(contentId));
  }

  /**
   * Replaces the whole index with the given items, then commits and refreshes. Searches see the old index until it is
   * done, and a crash meanwhile leaves the old commit in place. Upserts and deletes made during the rebuild are kept.
   *
   * @return how many items were indexed
   */
  public long rebuild(Iterator<IndexedItem> items) throws IOException {
    rebuilding = true;
    try {
      writer.deleteAll();
      long n = 0;
      while (items.hasNext()) {
        upsert(items.next());
        n++;
      }
      commit();
      refresh();
      return n;
    } finally {
      rebuilding = false;
    }
  }

  public SearchResult search(SearchRequest request) throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      return executor.search((FacetingSearcher) searcher, request);
    } finally {
      searchers.release(searcher);
    }
  }

  /** Whether the searchable view holds the content id. */
  public boolean contains(String contentId) throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      return searcher.count(new TermQuery(ItemDocuments.idTerm(contentId))) > 0;
    } finally {
      searchers.release(searcher);
    }
  }

  /** Items in the searchable view. */
  public int size() throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      return searcher.getIndexReader().numDocs();
    } finally {
      searchers.release(searcher);
    }
  }

  /**
   * Holds the background refresh while a bulk load (a catch-up batch) runs, until {@link #releaseRefresh}: each
   * refresh flushes a small segment that later merges rewrite, so a held index flushes fewer, larger ones. Changes
   * still become searchable within {@value #MAX_HELD_REFRESHES} refresh intervals. Calls nest.
   */
  public void holdRefresh() {
    refreshHolds.incrementAndGet();
  }

  public void releaseRefresh() {
    refreshHolds.decrementAndGet();
  }

  /** Refresh intervals a held index may go without a refresh. */
  public static final int MAX_HELD_REFRESHES = 10;

  /** Makes every change so far searchable now. */
  public void refresh() throws IOException {
    searchers.maybeRefreshBlocking();
  }

  /** Makes every change so far durable now, with the current checkpoint. */
  public void commit() throws IOException {
    synchronized (commitLock) {
      OptionalLong saving = checkpoint;
      writer.setLiveCommitData(CommitData.of(saving).entrySet());
      writer.commit();
      committedCheckpoint = saving;
    }
  }

  /** The caller's progress marker (e.g. its store's sequence number), saved with the next commit. */
  public void setCheckpoint(long value) {
    checkpoint = OptionalLong.of(value);
  }

  /** The checkpoint of the last commit: after a crash, replay the caller's store from here. */
  public OptionalLong committedCheckpoint() {
    return committedCheckpoint;
  }

  /** The checkpoint found on disk when the index was opened. */
  public OptionalLong checkpointAtOpen() {
    return committedAtOpen;
  }

  /** True when the index was created empty on open: the caller should {@link #rebuild} it from its store. */
  public boolean rebuildNeeded() {
    return rebuildNeeded;
  }

  /** Why a rebuild is needed ("new index", "unreadable index (...)", "index schema ..."), or null. */
  public String rebuildReason() {
    return openReason;
  }

  /** The last failure of a background refresh or commit, if any (they retry on their next turn). */
  public Throwable backgroundFailure() {
    return backgroundFailure.get();
  }

  public IndexConfig config() {
    return config;
  }

  /** Commits, then releases the index. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    background.shutdown();
    try {
      if (!background.awaitTermination(10, TimeUnit.SECONDS)) {
        background.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Directory d = directory; IndexWriter w = writer; SearcherManager s = searchers) {
      commit();
    }
  }

  private void backgroundRefresh() {
    if (closed || rebuilding) {
      return;
    }
    long now = System.nanoTime();
    if (refreshHolds.get() > 0
        && now - lastRefreshNanos < config.refreshInterval().toNanos() * MAX_HELD_REFRESHES) {
      return;
    }
    try {
      lastRefreshNanos = now;
      searchers.maybeRefresh();
    } catch (AlreadyClosedException e) {
      // closing
    } catch (IOException | RuntimeException e) {
      backgroundFailure.set(e);
    }
  }

  private void backgroundCommit() {
    if (closed || rebuilding) {
      return;
    }
    try {
      if (writer.hasUncommittedChanges() || !checkpoint.equals(committedCheckpoint)) {
        commit();
      }
    } catch (AlreadyClosedException e) {
      // closing
    } catch (IOException | RuntimeException e) {
      backgroundFailure.set(e);
    }
  }
}

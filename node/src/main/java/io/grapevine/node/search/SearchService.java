package io.grapevine.node.search;

import io.grapevine.index.AnnouncementIndex;
import io.grapevine.index.IndexConfig;
import io.grapevine.index.item.IndexedItem;
import io.grapevine.index.search.SearchRequest;
import io.grapevine.index.search.SearchResult;
import io.grapevine.node.announce.AnnounceCodec;
import io.grapevine.node.announce.proto.Announcement;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.storage.AnnouncementStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.OptionalLong;

/**
 * The node's search index ({@code <home>/index}) kept in step with the announcement store. The index's checkpoint is
 * the store's change counter: if the index was committed at another count (a crash lost its last changes, or the
 * store moved on without it), or the index says it needs one, it is rebuilt from the store at open.
 */
public final class SearchService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SearchService.class);

    private final AnnouncementIndex index;

    private SearchService(AnnouncementIndex index) {
        this.index = index;
    }

    public static SearchService open(Path indexDir, AnnouncementStore store) throws IOException {
        AnnouncementIndex index = AnnouncementIndex.open(IndexConfig.at(indexDir));
        try {
            long changes = store.changes();
            OptionalLong checkpoint = index.checkpointAtOpen();
            if (index.rebuildNeeded() || checkpoint.isEmpty() || checkpoint.getAsLong() != changes) {
                String why = index.rebuildNeeded() ? index.rebuildReason() : "checkpoint " + checkpoint + " vs store " + changes;
                long started = System.nanoTime();
                index.setCheckpoint(changes);
                long items = index.rebuild(items(store.announcements()));
                log.info("search index rebuilt from the store ({}): {} items in {} ms", why, items,
                        (System.nanoTime() - started) / 1_000_000);
            }
        } catch (IOException | RuntimeException e) {
            index.close();
            throw e;
        }
        return new SearchService(index);
    }

    private static Iterator<IndexedItem> items(Iterator<AnnouncementStore.Entry> entries) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return entries.hasNext();
            }

            @Override
            public IndexedItem next() {
                return IndexedItems.of(AnnounceCodec.decode(entries.next().data()).getAnnouncement());
            }
        };
    }

    /** Indexes (or replaces) an accepted announcement; {@code checkpoint} is the store's change count after it. */
    public void upsert(Announcement a, long checkpoint) {
        try {
            index.upsert(IndexedItems.of(a));
            index.setCheckpoint(checkpoint);
        } catch (IOException e) {
            throw new UncheckedIOException("indexing " + IndexedItems.contentId(a) + ": " + e.getMessage(), e);
        }
    }

    public void delete(Cid contentId, long checkpoint) {
        try {
            index.delete(contentId.toString());
            index.setCheckpoint(checkpoint);
        } catch (IOException e) {
            throw new UncheckedIOException("removing " + contentId + " from the index: " + e.getMessage(), e);
        }
    }

    /** See {@link AnnouncementIndex#holdRefresh}: a catch-up batch holds the refresh (fewer, larger segments). */
    public void holdRefresh() {
        index.holdRefresh();
    }

    public void releaseRefresh() {
        index.releaseRefresh();
    }

    /** Throws the index's {@code QueryException} for a refused query. */
    public SearchResult search(SearchRequest request) throws IOException {
        return index.search(request);
    }

    public int size() throws IOException {
        return index.size();
    }

    /** Commits and closes the index. */
    @Override
    public void close() {
        try {
            index.close();
        } catch (IOException e) {
            log.warn("closing the search index failed: {}", e.getMessage());
        }
    }
}

package io.grapevine.index.search;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SearcherFactory;

/**
 * A searcher that carries the facet ordinal state of its reader. The state maps ordinals across segments; it is built at
 * most once per reopened reader, and only when a search asks for facets.
 */
public final class FacetingSearcher extends IndexSearcher {
  /** Enough for the next pages of the queries in use; each entry is a few small lists. */
  private static final int RECENT_COUNTS = 256;

  private final FacetsConfig facetsConfig;
  /** Facet counts of recent queries: a view never changes, so they hold until the next reopen. */
  private final Map<Query, FacetCounter.Counts> recentCounts =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Query, FacetCounter.Counts> eldest) {
          return size() > RECENT_COUNTS;
        }
      };
  private SortedSetDocValuesReaderState facetState;
  private boolean facetStateBuilt;

  FacetingSearcher(IndexReader reader, FacetsConfig facetsConfig) {
    super(reader);
    this.facetsConfig = facetsConfig;
  }

  /** The factory for a SearcherManager. */
  public static SearcherFactory factory(FacetsConfig facetsConfig) {
    return new SearcherFactory() {
      @Override
      public IndexSearcher newSearcher(IndexReader reader, IndexReader previousReader) {
        return new FacetingSearcher(reader, facetsConfig);
      }
    };
  }

  /**
   * The facet counts of every match of the query, counted once per view: the next pages of a query (and the same
   * query from other users) reuse them.
   */
  FacetCounter.Counts facetCounts(Query query) throws IOException {
    synchronized (recentCounts) {
      FacetCounter.Counts known = recentCounts.get(query);
      if (known != null) {
        return known;
      }
    }
    FacetCounter.Counts counted = FacetCounter.count(this, query);
    synchronized (recentCounts) {
      recentCounts.put(query, counted);
    }
    return counted;
  }

  /** Null while no document has a facet (an empty index). */
  synchronized SortedSetDocValuesReaderState facetState() throws IOException {
    if (!facetStateBuilt) {
      facetStateBuilt = true;
      try {
        facetState = new DefaultSortedSetDocValuesReaderState(getIndexReader(), facetsConfig);
      } catch (IllegalArgumentException noFacetFieldYet) {
        facetState = null;
      }
    }
    return facetState;
  }
}

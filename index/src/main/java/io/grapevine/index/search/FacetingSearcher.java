package io.grapevine.index.search;

import java.io.IOException;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherFactory;

/**
 * A searcher that carries the facet ordinal state of its reader. The state maps ordinals across segments; it is built at
 * most once per reopened reader, and only when a search asks for facets.
 */
public final class FacetingSearcher extends IndexSearcher {
  private final FacetsConfig facetsConfig;
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

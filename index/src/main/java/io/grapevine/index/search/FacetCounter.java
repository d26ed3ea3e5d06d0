package io.grapevine.index.search;

import io.grapevine.index.schema.Fields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.search.Query;

/**
 * Facet counts over every match of a query, in a pass of its own that computes no scores: the page of hits is then
 * found with the usual top-k pruning instead of scoring every match. The counts also give the exact number of matches.
 */
final class FacetCounter {
  private static final int MAX_FACET_VALUES = 20;

  /** The counts per dimension and the number of matching items. */
  record Counts(Map<String, List<FacetCount>> facets, long matches) {}

  private FacetCounter() {}

  static Counts count(FacetingSearcher searcher, Query query) throws IOException {
    FacetsCollector collector = searcher.search(query, new FacetsCollectorManager()); // no scores kept
    long matches = 0;
    for (FacetsCollector.MatchingDocs m : collector.getMatchingDocs()) {
      matches += m.totalHits();
    }
    Map<String, List<FacetCount>> out = new LinkedHashMap<>();
    out.put(Fields.FACET_MEDIA, List.of());
    out.put(Fields.FACET_PRICE, List.of());
    SortedSetDocValuesReaderState state = searcher.facetState();
    if (state == null || matches == 0) {
      return new Counts(out, matches);
    }
    SortedSetDocValuesFacetCounts counts = new SortedSetDocValuesFacetCounts(state, collector);
    for (String dim : out.keySet()) {
      FacetResult result = dimensionPresent(state, dim) ? counts.getTopChildren(MAX_FACET_VALUES, dim) : null;
      if (result != null) {
        List<FacetCount> values = new ArrayList<>();
        for (LabelAndValue lv : result.labelValues) {
          values.add(new FacetCount(lv.label, lv.value.longValue()));
        }
        out.put(dim, List.copyOf(values));
      }
    }
    return new Counts(out, matches);
  }

  /** Counting a dimension no document has throws; an index may hold only free items, or items without files. */
  private static boolean dimensionPresent(SortedSetDocValuesReaderState state, String dim) {
    for (String d : state.getDims()) {
      if (d.equals(dim)) {
        return true;
      }
    }
    return false;
  }
}

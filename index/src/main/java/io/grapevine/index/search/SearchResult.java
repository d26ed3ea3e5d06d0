package io.grapevine.index.search;

import java.util.List;
import java.util.Map;

/**
 * A page of results.
 *
 * @param totalHits matching items; a lower bound when {@code totalHitsExact} is false (counting stops early past 1,000
 *     unless facets were asked for)
 * @param nextCursor opaque token for the next page, null when this page is the last
 * @param facets counts per dimension ("media", "price"), empty unless asked for
 */
public record SearchResult(
    List<SearchHit> hits,
    long totalHits,
    boolean totalHitsExact,
    String nextCursor,
    Map<String, List<FacetCount>> facets) {}

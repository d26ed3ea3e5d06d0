package io.grapevine.index.search;

import io.grapevine.index.query.SearchFilters;
import java.util.Objects;

/**
 * One page of a search. Either {@code offset} (shallow pages, bounded by the limits) or {@code cursor} (the
 * {@link SearchResult#nextCursor()} of the previous page, any depth), not both.
 *
 * @param query query text in Lucene classic syntax; blank matches everything
 * @param facets whether to count media kinds and price classes over all matches (costs a pass over them)
 * @param highlights whether to compute title and description snippets for the page
 */
public record SearchRequest(
    String query,
    SearchFilters filters,
    SortOrder sort,
    int limit,
    int offset,
    String cursor,
    boolean facets,
    boolean highlights) {

  public static final int DEFAULT_LIMIT = 20;

  public SearchRequest {
    query = query == null ? "" : query;
    filters = filters == null ? SearchFilters.NONE : filters;
    sort = sort == null ? SortOrder.RELEVANCE : sort;
  }

  public static SearchRequest of(String query) {
    return new SearchRequest(query, SearchFilters.NONE, SortOrder.RELEVANCE, DEFAULT_LIMIT, 0, null, false, true);
  }

  public SearchRequest withFilters(SearchFilters f) {
    return new SearchRequest(query, f, sort, limit, offset, cursor, facets, highlights);
  }

  public SearchRequest withSort(SortOrder s) {
    return new SearchRequest(query, filters, s, limit, offset, cursor, facets, highlights);
  }

  public SearchRequest withLimit(int n) {
    return new SearchRequest(query, filters, sort, n, offset, cursor, facets, highlights);
  }

  public SearchRequest withOffset(int n) {
    return new SearchRequest(query, filters, sort, limit, n, cursor, facets, highlights);
  }

  public SearchRequest withCursor(String c) {
    return new SearchRequest(query, filters, sort, limit, offset, c, facets, highlights);
  }

  public SearchRequest withFacets(boolean on) {
    return new SearchRequest(query, filters, sort, limit, offset, cursor, on, highlights);
  }

  public SearchRequest withHighlights(boolean on) {
    return new SearchRequest(query, filters, sort, limit, offset, cursor, facets, on);
  }

  boolean hasCursor() {
    return cursor != null && !Objects.equals(cursor, "");
  }
}

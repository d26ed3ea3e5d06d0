package io.grapevine.index.query;

/**
 * Bounds on what one search may cost. Queries arrive from the HTTP API (and, later, from peers), so every dimension of
 * cost has a cap: text length, term count, pattern terms (prefix, wildcard, fuzzy), page size and offset depth.
 *
 * @param maxQueryChars longest query text accepted
 * @param maxTerms most leaf terms after expansion over the default fields
 * @param maxPatternTerms most prefix/wildcard/fuzzy terms (each expands over the term dictionary)
 * @param minPatternPrefix literal characters required before the first wildcard ("ab*" yes, "a*" and "*ab" no)
 * @param maxPageSize most hits per page
 * @param maxOffset deepest offset for offset paging; deeper pages only through a cursor
 */
public record QueryLimits(
    int maxQueryChars, int maxTerms, int maxPatternTerms, int minPatternPrefix, int maxPageSize, int maxOffset) {

  public static final QueryLimits DEFAULT = new QueryLimits(512, 256, 16, 2, 100, 1_000);

  public QueryLimits {
    if (maxQueryChars < 1 || maxTerms < 1 || maxPatternTerms < 0 || minPatternPrefix < 1 || maxPageSize < 1
        || maxOffset < 0) {
      throw new IllegalArgumentException("invalid query limits");
    }
  }
}

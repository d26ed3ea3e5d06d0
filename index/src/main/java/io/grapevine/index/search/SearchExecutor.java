package io.grapevine.index.search;

import io.grapevine.index.query.FilterQueries;
import io.grapevine.index.query.QueryException;
import io.grapevine.index.query.QueryLimits;
import io.grapevine.index.query.UserQueryParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.TotalHits;

/** Runs one {@link SearchRequest} against a searcher: parse, filter, sort, page, facet, highlight. */
public final class SearchExecutor {
  private final UserQueryParser parser;
  private final QueryLimits limits;
  private final Highlights highlights;

  public SearchExecutor(Analyzer queryAnalyzer, Analyzer indexAnalyzer, QueryLimits limits, String pre, String post) {
    this.parser = new UserQueryParser(queryAnalyzer, limits);
    this.limits = limits;
    this.highlights = new Highlights(indexAnalyzer, pre, post);
  }

  public SearchResult search(FacetingSearcher searcher, SearchRequest request) throws IOException {
    checkPaging(request);
    Query userQuery = parser.parse(request.query());
    Query query = FilterQueries.apply(userQuery, request.filters());
    SortOrder order = request.sort();
    FieldDoc after =
        request.hasCursor() ? Cursor.decode(request.cursor(), order, searcher.getIndexReader().maxDoc()) : null;
    int wanted = request.offset() + request.limit();

    TopFieldDocs top;
    FacetCounter.Counts counts = null;
    try {
      if (request.facets()) {
        counts = searcher.facetCounts(query);
      }
      top = searcher.searchAfter(after, query, wanted, order.sort(), false);
    } catch (IndexSearcher.TooManyClauses e) {
      throw new QueryException("query expands to too many terms; use a longer prefix", e);
    }
    Map<String, List<FacetCount>> facets = counts == null ? Map.of() : counts.facets();

    ScoreDoc[] pageDocs =
        top.scoreDocs.length <= request.offset()
            ? new ScoreDoc[0]
            : Arrays.copyOfRange(top.scoreDocs, request.offset(), top.scoreDocs.length);
    List<SearchHit> hits = hits(searcher, userQuery, request, order, pageDocs, top);
    String next =
        pageDocs.length == request.limit() ? Cursor.encode(order, (FieldDoc) pageDocs[pageDocs.length - 1]) : null;
    if (counts != null) { // the facet pass counted every match
      return new SearchResult(hits, counts.matches(), true, next, facets);
    }
    return new SearchResult(
        hits, top.totalHits.value(), top.totalHits.relation() == TotalHits.Relation.EQUAL_TO, next, facets);
  }

  private void checkPaging(SearchRequest request) {
    if (request.limit() < 1 || request.limit() > limits.maxPageSize()) {
      throw new QueryException("limit must be between 1 and " + limits.maxPageSize() + ": " + request.limit());
    }
    if (request.offset() < 0) {
      throw new QueryException("offset must be >= 0: " + request.offset());
    }
    if (request.hasCursor() && request.offset() > 0) {
      throw new QueryException("give either an offset or a cursor, not both");
    }
    if ((long) request.offset() + request.limit() > limits.maxOffset() + limits.maxPageSize()
        || request.offset() > limits.maxOffset()) {
      throw new QueryException(
          "offset too deep: at most " + limits.maxOffset() + "; page further with the cursor of the previous page");
    }
  }

  private List<SearchHit> hits(IndexSearcher searcher, Query userQuery, SearchRequest request, SortOrder order,
      ScoreDoc[] pageDocs, TopFieldDocs top) throws IOException {
    if (pageDocs.length == 0) {
      return List.of();
    }
    Highlights.Page marked = null;
    if (request.highlights()) {
      marked = highlights.highlight(searcher, userQuery, new TopFieldDocs(top.totalHits, pageDocs, top.fields));
    }
    HitReader reader = new HitReader(searcher);
    List<SearchHit> hits = new ArrayList<>(pageDocs.length);
    for (int i = 0; i < pageDocs.length; i++) {
      FieldDoc doc = (FieldDoc) pageDocs[i];
      HitReader.Values v = reader.read(doc.doc);
      float score = order.byScore() ? (Float) doc.fields[0] : Float.NaN;
      String titleHighlight = marked == null || marked.titles()[i] == null ? null : marked.titles()[i];
      String snippet = marked == null || marked.descriptions()[i] == null ? null : marked.descriptions()[i];
      hits.add(new SearchHit(
          v.contentId(), v.title(), score, v.size(), v.price(), v.time(), v.publisher(), titleHighlight, snippet));
    }
    return hits;
  }
}

package io.grapevine.index.query;

import io.grapevine.index.schema.Fields;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;

/**
 * Parses the user's query text (Lucene classic syntax: words, "phrases", field:term, prefix*, fuzzy~, AND/OR/NOT, +/-,
 * grouping, boosts). Bare words search title, description, tags and file names, and all of them must match somewhere.
 * Field names: title, description, tag, file, publisher, media, id (plus the aliases desc, tags, files, name).
 * Everything that goes wrong becomes a {@link QueryException} with a short message; the cost limits are checked here.
 */
public final class UserQueryParser {
  private static final String[] DEFAULT_FIELDS = {Fields.TITLE, Fields.DESCRIPTION, Fields.TAG, Fields.FILE};
  /** Title matches count most, then tags, then file names and description. */
  private static final Map<String, Float> BOOSTS =
      Map.of(Fields.TITLE, 3f, Fields.TAG, 2f, Fields.FILE, 1f, Fields.DESCRIPTION, 1f);
  private static final Map<String, String> FIELD_NAMES =
      Map.ofEntries(
          Map.entry("title", Fields.TITLE),
          Map.entry("description", Fields.DESCRIPTION),
          Map.entry("desc", Fields.DESCRIPTION),
          Map.entry("tag", Fields.TAG),
          Map.entry("tags", Fields.TAG),
          Map.entry("file", Fields.FILE),
          Map.entry("files", Fields.FILE),
          Map.entry("name", Fields.FILE),
          Map.entry("publisher", Fields.PUBLISHER),
          Map.entry("media", Fields.MEDIA),
          Map.entry("type", Fields.MEDIA),
          Map.entry("id", Fields.ID));

  private final Analyzer analyzer;
  private final QueryLimits limits;

  public UserQueryParser(Analyzer queryAnalyzer, QueryLimits limits) {
    this.analyzer = queryAnalyzer;
    this.limits = limits;
  }

  /** The query for the text; blank text or "*" matches everything (browse with filters). */
  public Query parse(String text) {
    String q = text == null ? "" : text.strip();
    if (q.length() > limits.maxQueryChars()) {
      throw new QueryException("query too long: " + q.length() + " characters (at most " + limits.maxQueryChars() + ")");
    }
    if (q.isEmpty() || q.equals("*") || q.equals("*:*")) {
      return new MatchAllDocsQuery();
    }
    Query query;
    try {
      query = new Parser(analyzer).parse(q);
    } catch (ParseException e) {
      throw new QueryException(conciseMessage(q, e), e);
    } catch (IndexSearcher.TooManyClauses e) {
      throw new QueryException("query has too many terms", e);
    } catch (RuntimeException | StackOverflowError e) {
      throw new QueryException("cannot parse query: " + e.getClass().getSimpleName(), e);
    }
    QueryCost cost = QueryCost.of(query);
    if (cost.terms() > limits.maxTerms()) {
      throw new QueryException(
          "query too complex: " + cost.terms() + " terms over all fields (at most " + limits.maxTerms() + ")");
    }
    if (cost.patterns() > limits.maxPatternTerms()) {
      throw new QueryException(
          "too many prefix, wildcard or fuzzy terms: " + cost.patterns() + " over all fields (at most "
              + limits.maxPatternTerms() + ")");
    }
    return query;
  }

  /** The parser's messages list every expected token; the first sentence says what is wrong and where. */
  private static String conciseMessage(String query, ParseException e) {
    String m = e.getMessage() == null ? "syntax error" : e.getMessage();
    String wrapper = "Cannot parse '" + query + "': ";
    if (m.startsWith(wrapper)) {
      m = m.substring(wrapper.length());
    }
    int expecting = m.indexOf("Was expecting");
    if (expecting > 0) {
      m = m.substring(0, expecting);
    }
    m = m.replace('\n', ' ').replace('\r', ' ').replaceAll("\\s+", " ").strip();
    return "invalid query: " + m;
  }

  private final class Parser extends MultiFieldQueryParser {
    Parser(Analyzer queryAnalyzer) {
      super(DEFAULT_FIELDS, queryAnalyzer, BOOSTS);
      setDefaultOperator(QueryParser.AND_OPERATOR);
      setAllowLeadingWildcard(false);
      setFuzzyPrefixLength(1); // the first letter must match: bounds the term-dictionary walk
      setSplitOnWhitespace(true);
      setAutoGeneratePhraseQueries(false); // CJK bigrams of one word become required terms, not a phrase
      setLocale(Locale.ROOT);
    }

    private String field(String name) throws ParseException {
      String mapped = FIELD_NAMES.get(name.toLowerCase(Locale.ROOT));
      if (mapped == null) {
        throw new ParseException(
            "unknown field '" + name + "' (use title, description, tag, file, publisher, media or id)");
      }
      return mapped;
    }

    private void checkPattern(String term) throws ParseException {
      int firstWildcard = firstWildcard(term);
      if (firstWildcard >= 0 && firstWildcard < limits.minPatternPrefix()) {
        throw new ParseException(
            "wildcards need at least " + limits.minPatternPrefix() + " letters before them: '" + term + "'");
      }
    }

    @Override
    protected Query getFieldQuery(String field, String queryText, boolean quoted) throws ParseException {
      if (field == null && !quoted) {
        return eachDefaultField(queryText);
      }
      return super.getFieldQuery(field == null ? null : field(field), queryText, quoted);
    }

    /**
     * A bare word matches if it matches in any default field, analysed the way that field is. Lucene's multi-field
     * parser instead lines up the fields' tokens by position, so a word the file-name chain splits ("kiwi2023" into
     * "kiwi", "2023") would need its second part in a file name even when the whole word is in the title.
     */
    private Query eachDefaultField(String queryText) throws ParseException {
      BooleanQuery.Builder anyField = new BooleanQuery.Builder();
      int clauses = 0;
      for (String f : DEFAULT_FIELDS) {
        Query q = super.getFieldQuery(f, queryText, false);
        if (q == null) {
          continue;
        }
        Float boost = BOOSTS.get(f);
        anyField.add(boost == null ? q : new BoostQuery(q, boost), BooleanClause.Occur.SHOULD);
        clauses++;
      }
      return clauses == 0 ? null : anyField.build();
    }

    @Override
    protected Query getFieldQuery(String field, String queryText, int slop) throws ParseException {
      return super.getFieldQuery(field == null ? null : field(field), queryText, slop);
    }

    @Override
    protected Query getPrefixQuery(String field, String termStr) throws ParseException {
      if (termStr.length() < limits.minPatternPrefix()) {
        throw new ParseException(
            "prefix searches need at least " + limits.minPatternPrefix() + " letters: '" + termStr + "*'");
      }
      return super.getPrefixQuery(field == null ? null : field(field), termStr);
    }

    @Override
    protected Query getWildcardQuery(String field, String termStr) throws ParseException {
      checkPattern(termStr);
      return super.getWildcardQuery(field == null ? null : field(field), termStr);
    }

    @Override
    protected Query getFuzzyQuery(String field, String termStr, float minSimilarity) throws ParseException {
      return super.getFuzzyQuery(field == null ? null : field(field), termStr, minSimilarity);
    }

    @Override
    protected Query getRegexpQuery(String field, String termStr) throws ParseException {
      throw new ParseException("regular expressions are not supported (put text containing '/' in quotes)");
    }

    @Override
    protected Query getRangeQuery(String field, String part1, String part2, boolean startInclusive,
        boolean endInclusive) throws ParseException {
      throw new ParseException("range queries are not supported in the query text; use the size and date filters");
    }
  }

  private static int firstWildcard(String term) {
    for (int i = 0; i < term.length(); i++) {
      char c = term.charAt(i);
      if (c == '*' || c == '?') {
        return i;
      }
    }
    return -1;
  }
}

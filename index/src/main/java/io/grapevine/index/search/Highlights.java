package io.grapevine.index.search;

import io.grapevine.index.schema.Fields;
import io.grapevine.index.schema.ItemDocuments;
import java.io.IOException;
import java.text.BreakIterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.search.uhighlight.WholeBreakIterator;
import org.apache.lucene.util.automaton.ByteRunAutomaton;

/**
 * Title and description snippets for a page of hits, in one pass (one stored-fields load per hit). Title and description
 * are indexed with offsets, so matches are located from the postings instead of re-analyzing the text. Text is
 * HTML-escaped, matches wrapped in the markers; without a match the title is whole and the description its start.
 */
final class Highlights {
  record Page(String[] titles, String[] descriptions) {}

  private static final String[] FIELDS = {Fields.TITLE, Fields.DESCRIPTION};
  private static final Set<String> FIELD_SET = Set.of(FIELDS);
  private static final int[] PASSAGES = {1, 2};

  private final Analyzer indexAnalyzer;
  private final String pre;
  private final String post;

  Highlights(Analyzer indexAnalyzer, String pre, String post) {
    this.indexAnalyzer = indexAnalyzer;
    this.pre = pre;
    this.post = post;
  }

  private static boolean hasPatterns(Query query) {
    boolean[] found = {false};
    query.visit(new QueryVisitor() {
      @Override
      public void consumeTermsMatching(Query q, String field, Supplier<ByteRunAutomaton> automaton) {
        found[0] = true;
      }

      @Override
      public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
        return this;
      }
    });
    return found[0];
  }

  Page highlight(IndexSearcher searcher, Query userQuery, TopDocs page) throws IOException {
    Query query = HighlightQuery.restrict(userQuery, FIELD_SET);
    UnifiedHighlighter.Builder builder = UnifiedHighlighter.builder(searcher, indexAnalyzer)
        .withFormatter(new DefaultPassageFormatter(pre, post, "… ", true))
        .withMaxLength(ItemDocuments.MAX_DESCRIPTION_CHARS)
        .withMaxNoHighlightPassages(1)
        // Weight matches of a prefix/wildcard/fuzzy clause on tags or files walk the whole index's term dictionary for
        // every hit (those fields are not re-analyzed per hit); term-by-term marking runs over the hit's own words.
        .withWeightMatches(!hasPatterns(query));
    UnifiedHighlighter highlighter = new UnifiedHighlighter(builder) {
      @Override
      protected BreakIterator getBreakIterator(String field) {
        return Fields.TITLE.equals(field) ? new WholeBreakIterator() : super.getBreakIterator(field);
      }
    };
    Map<String, String[]> marked = highlighter.highlightFields(FIELDS, query, page, PASSAGES);
    return new Page(marked.get(Fields.TITLE), marked.get(Fields.DESCRIPTION));
  }
}

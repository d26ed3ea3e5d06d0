package io.grapevine.index.search;

import io.grapevine.index.schema.Fields;
import io.grapevine.index.schema.ItemDocuments;
import java.io.IOException;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.search.uhighlight.WholeBreakIterator;

/**
 * Title and description snippets for a page of hits. Offsets are not indexed (they would cost disk on every document);
 * the stored text of the page's few hits is re-analyzed instead. Text is HTML-escaped, matches wrapped in the markers.
 */
final class Highlights {
  record Page(String[] titles, String[] descriptions) {}

  private final Analyzer indexAnalyzer;
  private final String pre;
  private final String post;

  Highlights(Analyzer indexAnalyzer, String pre, String post) {
    this.indexAnalyzer = indexAnalyzer;
    this.pre = pre;
    this.post = post;
  }

  Page highlight(IndexSearcher searcher, Query query, TopDocs page) throws IOException {
    UnifiedHighlighter titles =
        builder(searcher).withBreakIterator(WholeBreakIterator::new).withMaxNoHighlightPassages(1).build();
    UnifiedHighlighter descriptions = builder(searcher).withMaxNoHighlightPassages(1).build();
    return new Page(
        titles.highlight(Fields.TITLE, query, page, 1), descriptions.highlight(Fields.DESCRIPTION, query, page, 2));
  }

  private UnifiedHighlighter.Builder builder(IndexSearcher searcher) {
    return UnifiedHighlighter.builder(searcher, indexAnalyzer)
        .withFormatter(new DefaultPassageFormatter(pre, post, "… ", true))
        .withMaxLength(ItemDocuments.MAX_DESCRIPTION_CHARS);
  }
}

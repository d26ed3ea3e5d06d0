package io.grapevine.index.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.core.KeywordTokenizer;

/** The whole value as one lower-cased token: media types typed in a query ("media:Video") match the indexed form. */
public final class LowerCaseKeywordAnalyzer extends Analyzer {
  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    KeywordTokenizer source = new KeywordTokenizer();
    return new TokenStreamComponents(source, new LowerCaseFilter(source));
  }
}

package io.grapevine.index.analysis;

import io.grapevine.index.schema.Fields;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;

/** The per-field analyzers: one set for writing documents, one for parsing query text. */
public final class Analyzers {
  private Analyzers() {}

  public static Analyzer forIndexing() {
    return perField(true);
  }

  public static Analyzer forQueries() {
    return perField(false);
  }

  private static Analyzer perField(boolean indexTime) {
    return new PerFieldAnalyzerWrapper(
        new TextAnalyzer(indexTime),
        Map.of(
            Fields.FILE, new FileNameAnalyzer(indexTime),
            Fields.PUBLISHER, new KeywordAnalyzer(), // keys are case-sensitive (base58)
            Fields.ID, new KeywordAnalyzer(),
            Fields.MEDIA, new LowerCaseKeywordAnalyzer()));
  }
}

package io.grapevine.index.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.compound.DictionaryCompoundWordTokenFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.util.ElisionFilter;

/**
 * Titles, descriptions and tags in any language. Announcements carry no language tag, so no stemming (a stemmer for one
 * language mangles the others); instead: Unicode word breaks (UAX#29), French/Italian elisions and English possessives
 * stripped ("l'été" is "été", "Tolstoy's" is "tolstoy"), lower case, CJK bigrams (Han/Kana/Hangul runs have no spaces), accents folded ("été" matches "ete"), and at
 * index time only, German compounds split against a word list ("Hörbuchsammlung" is also found by "sammlung").
 */
public final class TextAnalyzer extends Analyzer {
  /** Gap between the values of a multi-valued field, so a phrase never spans two tags. */
  static final int VALUE_GAP = 100;

  private static final CharArraySet ELISIONS =
      new CharArraySet(
          java.util.List.of(
              "l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu", // French
              "dell", "nell", "sull", "dall", "all", "un"), // Italian
          true);

  private final boolean indexTime;

  /** @param indexTime true for the analyzer that writes documents (adds compound parts), false for query text */
  public TextAnalyzer(boolean indexTime) {
    this.indexTime = indexTime;
  }

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    StandardTokenizer source = new StandardTokenizer();
    TokenStream stream = new ElisionFilter(source, ELISIONS);
    stream = new EnglishPossessiveFilter(stream);
    stream = new CJKWidthFilter(stream);
    stream = new LowerCaseFilter(stream);
    stream = new CJKBigramFilter(stream);
    stream = new ASCIIFoldingFilter(stream);
    if (indexTime) {
      // Parts are added at the compound's position: phrases over the whole word still match.
      stream = new DictionaryCompoundWordTokenFilter(stream, GermanCompoundParts.words(), 8, 4, 15, true);
    }
    return new TokenStreamComponents(source, stream);
  }

  @Override
  public int getPositionIncrementGap(String fieldName) {
    return VALUE_GAP;
  }
}

package io.grapevine.index.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.index.schema.Fields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Test;

class AnalyzersTest {
  private final Analyzer index = Analyzers.forIndexing();
  private final Analyzer query = Analyzers.forQueries();

  static List<String> tokens(Analyzer analyzer, String field, String text) throws IOException {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream(field, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(term.toString());
      }
      ts.end();
    }
    return out;
  }

  @Test
  void germanCompoundsAreSplitAtIndexTimeOnly() throws IOException {
    assertThat(tokens(index, Fields.TITLE, "Hörbuchsammlung"))
        .containsExactly("horbuchsammlung", "horbuch", "sammlung"); // longest parts only
    assertThat(tokens(index, Fields.TITLE, "Dampfschifffahrt"))
        .contains("dampfschifffahrt", "dampf", "schiff", "fahrt");
    assertThat(tokens(query, Fields.TITLE, "Hörbuchsammlung")).containsExactly("horbuchsammlung");
    assertThat(tokens(index, Fields.TITLE, "Fußball-Weltmeisterschaft")).contains("fussball", "weltmeisterschaft", "meisterschaft");
  }

  @Test
  void shortWordsAreNotDecompounded() throws IOException {
    assertThat(tokens(index, Fields.TITLE, "Buchsee")).containsExactly("buchsee"); // < 8 letters
  }

  @Test
  void frenchAccentsAreFoldedAndElisionsStripped() throws IOException {
    assertThat(tokens(query, Fields.TITLE, "L'Été à Paris, d’après Hélène"))
        .containsExactly("ete", "a", "paris", "apres", "helene");
  }

  @Test
  void cyrillicIsLowerCasedAndKept() throws IOException {
    assertThat(tokens(query, Fields.TITLE, "Война и Мир")).containsExactly("война", "и", "мир");
  }

  @Test
  void cjkRunsBecomeBigrams() throws IOException {
    assertThat(tokens(query, Fields.TITLE, "千と千尋の神隠し")).containsExactly("千と", "と千", "千尋", "尋の", "の神", "神隠", "隠し");
    assertThat(tokens(query, Fields.TITLE, "서울 여행")).containsExactly("서울", "여행");
    // full-width Latin is folded to ASCII
    assertThat(tokens(query, Fields.TITLE, "ＭＰ３")).containsExactly("mp3");
  }

  @Test
  void fileNamesSplitOnSeparatorsCaseAndDigits() throws IOException {
    assertThat(tokens(index, Fields.FILE, "My_HolidayVideo-2023.MP4"))
        .contains("my_holidayvideo", "my", "holiday", "video", "2023", "mp4", "mp", "4");
    assertThat(tokens(query, Fields.FILE, "holidayVideo")).containsExactly("holiday", "video");
  }

  @Test
  void keywordsKeepTheirCase() throws IOException {
    assertThat(tokens(query, Fields.PUBLISHER, "12D3KooWAbc")).containsExactly("12D3KooWAbc");
    assertThat(tokens(query, Fields.MEDIA, "Video/MP4")).containsExactly("video/mp4");
  }
}

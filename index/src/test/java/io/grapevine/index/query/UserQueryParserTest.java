package io.grapevine.index.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grapevine.index.analysis.Analyzers;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserQueryParserTest {
  private final UserQueryParser parser = new UserQueryParser(Analyzers.forQueries(), QueryLimits.DEFAULT);

  private static Query unboosted(Query q) {
    return q instanceof BoostQuery b ? b.getQuery() : q;
  }

  private String parsed(String text) {
    return parser.parse(text).toString();
  }

  @Test
  void bareWordsSearchAllTextFieldsAndAllMustMatch() {
    String q = parsed("holiday video");
    assertThat(q).contains("(title:holiday)^3.0", "description:holiday", "(tag:holiday)^2.0", "file:holiday");
    assertThat(q).startsWith("+(").contains(" +(");
  }

  @Test
  void fieldQueriesUseTheFieldsAnalyzerAndAliases() {
    assertThat(parsed("title:Été")).isEqualTo("title:ete");
    assertThat(parsed("tags:jazz")).isEqualTo("tag:jazz");
    assertThat(parsed("file:holidayVideo")).isEqualTo("+file:holiday +file:video");
    assertThat(parsed("publisher:12D3KooWAbC")).isEqualTo("publisher:12D3KooWAbC");
    assertThat(parsed("media:Video")).isEqualTo("media:video");
  }

  @Test
  void phrasesPrefixesAndFuzzy() {
    assertThat(parser.parse("title:\"war and peace\"")).isInstanceOf(PhraseQuery.class);
    Query prefix = unboosted(parser.parse("title:holi*"));
    assertThat(prefix).isInstanceOf(PrefixQuery.class);
    Query fuzzy = unboosted(parser.parse("title:holidya~"));
    assertThat(fuzzy).isInstanceOf(FuzzyQuery.class);
    assertThat(((FuzzyQuery) fuzzy).getPrefixLength()).isEqualTo(1);
    assertThat(parsed("title:(jazz OR blues) -tag:live")).isEqualTo("+(title:jazz title:blues) -tag:live");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "*", "*:*"})
  void blankOrStarMatchesEverything(String text) {
    assertThat(parser.parse(text)).isInstanceOf(MatchAllDocsQuery.class);
  }

  @Test
  void badSyntaxGivesAShortClearMessage() {
    assertThatThrownBy(() -> parser.parse("title:(jazz"))
        .isInstanceOf(QueryException.class)
        .hasMessageStartingWith("invalid query: ")
        .hasMessageNotContaining("Was expecting")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> parser.parse("\"unterminated")).isInstanceOf(QueryException.class);
    assertThatThrownBy(() -> parser.parse("jazz AND")).isInstanceOf(QueryException.class);
    assertThatThrownBy(() -> parser.parse("foo\\")).isInstanceOf(QueryException.class);
    assertThatThrownBy(() -> parser.parse("title:^2")).isInstanceOf(QueryException.class);
    assertThatThrownBy(() -> parser.parse(")")).isInstanceOf(QueryException.class);
  }

  @Test
  void unknownFieldsRegexesAndRangesAreRefused() {
    assertThatThrownBy(() -> parser.parse("colour:red"))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("unknown field 'colour'");
    assertThatThrownBy(() -> parser.parse("title:/ja.*z/"))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("regular expressions are not supported");
    assertThatThrownBy(() -> parser.parse("title:[a TO z]"))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("range queries are not supported");
  }

  @Test
  void leadingAndShortWildcardsAreRefused() {
    assertThatThrownBy(() -> parser.parse("*jazz")).isInstanceOf(QueryException.class);
    assertThatThrownBy(() -> parser.parse("title:?azz")).isInstanceOf(QueryException.class);
    assertThatThrownBy(() -> parser.parse("j*")).isInstanceOf(QueryException.class).hasMessageContaining("at least 2");
    assertThatThrownBy(() -> parser.parse("title:j*z")).isInstanceOf(QueryException.class);
    assertThat(unboosted(parser.parse("title:ja*z")).toString()).isEqualTo("title:ja*z");
  }

  @Test
  void lengthTermsAndPatternsAreCapped() {
    assertThatThrownBy(() -> parser.parse("a".repeat(513)))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("query too long");
    String manyWords = "w ".repeat(70); // 70 words x 4 default fields = 280 terms
    assertThatThrownBy(() -> parser.parse(manyWords))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("too complex");
    assertThatThrownBy(() -> parser.parse("ab* cd* ef* gh* ij*")) // 5 prefixes x 4 fields
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("too many prefix, wildcard or fuzzy terms");
    assertThat(parser.parse("ab* cd* ef* gh*")).isNotNull();
  }

  @Test
  void deeplyNestedGroupsAreHandled() {
    String nested = "(".repeat(200) + "jazz" + ")".repeat(200);
    assertThat(parsed(nested)).contains("title:jazz");
    assertThatThrownBy(() -> parser.parse("(".repeat(250))).isInstanceOf(QueryException.class);
  }
}

package io.grapevine.index.search;

import static io.grapevine.index.TestItems.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grapevine.index.AnnouncementIndex;
import io.grapevine.index.IndexConfig;
import io.grapevine.index.query.QueryException;
import io.grapevine.index.query.SearchFilters;
import io.grapevine.index.query.SearchFilters.PriceFilter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchTest {
  @TempDir Path dir;
  AnnouncementIndex index;

  @BeforeEach
  void fill() throws IOException {
    index = AnnouncementIndex.open(IndexConfig.at(dir));
    index.upsert(item("cid-jazz").title("Late Night Jazz Sessions").description("Smoky club recordings of a jazz trio.")
        .tags("jazz", "live music").file("01_SoSoftly.flac", "audio/flac").size(300_000_000).time(1_000)
        .publisher("PubA").build());
    index.upsert(item("cid-holiday").title("Summer holiday").description("Our trip to the coast, with the kids.")
        .tags("family").file("My_HolidayVideo-2023.mp4", "video/mp4").file("cover.jpg", "image/jpeg")
        .size(2_000_000_000L).time(2_000).publisher("PubB").build());
    index.upsert(item("cid-war").title("War and Peace").description("Tolstoy's novel, complete audiobook.")
        .tags("audiobook", "classics").file("war_and_peace.mp3", "audio/mpeg").size(800_000_000).time(3_000)
        .price(25_000).publisher("PubA").build());
    index.upsert(item("cid-voina").title("Война и мир").description("Роман Льва Толстого, аудиокнига.")
        .tags("аудиокнига").file("voina_i_mir.mp3", "audio/mpeg").size(700_000_000).time(4_000).build());
    index.upsert(item("cid-hoerbuch").title("Märchen Hörbuchsammlung").description("Grimms Märchen, gelesen.")
        .tags("hörbuch").file("maerchen.ogg", "audio/ogg").size(500_000_000).time(5_000).build());
    index.upsert(item("cid-ete").title("L'Été à Paris").description("Un film d'été, tourné à Montmartre.")
        .tags("cinéma").file("ete_a_paris.mkv", "video/x-matroska").size(1_500_000_000L).time(6_000).price(5_000)
        .build());
    index.upsert(item("cid-ghibli").title("千と千尋の神隠し").description("スタジオジブリの映画。")
        .tags("アニメ").file("spirited_away.mkv", "video/x-matroska").size(4_000_000_000L).time(7_000).build());
    index.refresh();
  }

  @AfterEach
  void close() throws IOException {
    index.close();
  }

  @Test
  void wordsOfLettersAndDigitsAreFoundWhole() throws IOException {
    index.upsert(item("cid-kiwi").title("Ripe kiwi12296147014186 basket").description("Fruit.").file("kiwi.txt", "text/plain")
        .size(10).time(8_000).build());
    index.refresh();
    assertThat(ids("kiwi12296147014186")).containsExactly("cid-kiwi");
    assertThat(ids("mp3 war")).containsExactly("cid-war");
  }

  private List<String> ids(SearchRequest request) throws IOException {
    return index.search(request).hits().stream().map(SearchHit::contentId).toList();
  }

  private List<String> ids(String query) throws IOException {
    return ids(SearchRequest.of(query));
  }

  @Test
  void wordsPhrasesFieldsPrefixesAndFuzzy() throws IOException {
    assertThat(ids("jazz")).containsExactly("cid-jazz");
    assertThat(ids("\"war and peace\"")).containsExactly("cid-war");
    assertThat(ids("\"peace and war\"")).isEmpty();
    assertThat(ids("tag:classics")).containsExactly("cid-war");
    assertThat(ids("title:summer")).containsExactly("cid-holiday");
    assertThat(ids("description:summer")).isEmpty();
    assertThat(ids("file:holiday")).containsExactly("cid-holiday");
    assertThat(ids("publisher:PubA")).containsExactlyInAnyOrder("cid-jazz", "cid-war");
    assertThat(ids("holi*")).containsExactly("cid-holiday");
    assertThat(ids("tolstoi~1")).containsExactly("cid-war");
    assertThat(ids("jazz OR holiday")).containsExactlyInAnyOrder("cid-jazz", "cid-holiday");
    assertThat(ids("jazz holiday")).isEmpty(); // all words must match
    assertThat(ids("audiobook -tag:classics")).isEmpty();
    assertThat(ids("media:video")).containsExactlyInAnyOrder("cid-holiday", "cid-ete", "cid-ghibli");
  }

  @Test
  void titleMatchesRankFirst() throws IOException {
    index.upsert(item("cid-jazz-desc").title("Saxophone practice").description("jazz scales").build());
    index.refresh();
    assertThat(ids("jazz")).containsExactly("cid-jazz", "cid-jazz-desc");
  }

  @Test
  void nonEnglishText() throws IOException {
    assertThat(ids("мир")).containsExactly("cid-voina");
    assertThat(ids("аудиокнига")).containsExactly("cid-voina");
    assertThat(ids("sammlung")).containsExactly("cid-hoerbuch"); // German compound part
    assertThat(ids("Hörbuch")).containsExactly("cid-hoerbuch");
    assertThat(ids("horbuch")).containsExactly("cid-hoerbuch");
    assertThat(ids("maerchen")).containsExactly("cid-hoerbuch"); // file name spelling
    assertThat(ids("ete")).containsExactly("cid-ete");
    assertThat(ids("été")).containsExactly("cid-ete");
    assertThat(ids("cinema")).containsExactly("cid-ete");
    assertThat(ids("神隠し")).containsExactly("cid-ghibli");
    assertThat(ids("千尋")).containsExactly("cid-ghibli");
    assertThat(ids("ジブリ")).containsExactly("cid-ghibli");
    assertThat(ids("隠神")).isEmpty();
  }

  @Test
  void filters() throws IOException {
    SearchRequest all = SearchRequest.of("");
    assertThat(ids(all.withFilters(SearchFilters.NONE.withPrice(PriceFilter.PAID))))
        .containsExactlyInAnyOrder("cid-war", "cid-ete");
    assertThat(ids(all.withFilters(SearchFilters.NONE.withPrice(PriceFilter.FREE)))).hasSize(5);
    assertThat(ids(all.withFilters(SearchFilters.NONE.withMediaTypes(Set.of("video")))))
        .containsExactlyInAnyOrder("cid-holiday", "cid-ete", "cid-ghibli");
    assertThat(ids(all.withFilters(SearchFilters.NONE.withMediaTypes(Set.of("Video/MP4")))))
        .containsExactly("cid-holiday");
    assertThat(ids(all.withFilters(SearchFilters.NONE.withSize(600_000_000L, 1_000_000_000L))))
        .containsExactlyInAnyOrder("cid-war", "cid-voina");
    assertThat(ids(all.withFilters(SearchFilters.NONE.withSize(3_000_000_000L, null)))).containsExactly("cid-ghibli");
    assertThat(ids(all.withFilters(SearchFilters.NONE.withPublishers(Set.of("PubB"))))).containsExactly("cid-holiday");
    assertThat(ids(all.withFilters(SearchFilters.NONE.withTime(2_000L, 3_000L))))
        .containsExactlyInAnyOrder("cid-holiday", "cid-war");
    assertThat(ids(SearchRequest.of("audio*").withFilters(SearchFilters.NONE.withPrice(PriceFilter.PAID))))
        .containsExactly("cid-war");
    assertThat(ids(SearchRequest.of("audio*").withFilters(SearchFilters.NONE.withPrice(PriceFilter.FREE)))).isEmpty();
    assertThatThrownBy(() -> index.search(all.withFilters(SearchFilters.NONE.withSize(10L, 5L))))
        .isInstanceOf(QueryException.class).hasMessageContaining("filter is empty");
  }

  @Test
  void sortOrders() throws IOException {
    SearchRequest all = SearchRequest.of("").withLimit(3);
    assertThat(ids(all.withSort(SortOrder.NEWEST))).containsExactly("cid-ghibli", "cid-ete", "cid-hoerbuch");
    assertThat(ids(all.withSort(SortOrder.OLDEST))).containsExactly("cid-jazz", "cid-holiday", "cid-war");
    assertThat(ids(all.withSort(SortOrder.LARGEST))).containsExactly("cid-ghibli", "cid-holiday", "cid-ete");
    assertThat(ids(all.withSort(SortOrder.SMALLEST))).containsExactly("cid-jazz", "cid-hoerbuch", "cid-voina");
    // equal scores (match-all) fall back to content id order
    assertThat(ids(all)).containsExactly("cid-ete", "cid-ghibli", "cid-hoerbuch");
  }

  @Test
  void facetsCountMediaKindsAndPriceClasses() throws IOException {
    SearchResult result = index.search(SearchRequest.of("").withFacets(true));
    assertThat(result.facets().get("media"))
        .containsExactlyInAnyOrder(new FacetCount("audio", 4), new FacetCount("video", 3), new FacetCount("image", 1));
    assertThat(result.facets().get("price"))
        .containsExactlyInAnyOrder(new FacetCount("free", 5), new FacetCount("paid", 2));
    assertThat(result.totalHits()).isEqualTo(7);
    assertThat(result.totalHitsExact()).isTrue();

    SearchResult video = index.search(SearchRequest.of("media:video").withFacets(true));
    assertThat(video.facets().get("price"))
        .containsExactlyInAnyOrder(new FacetCount("free", 2), new FacetCount("paid", 1));
  }

  @Test
  void facetsOnAnEmptyIndexAreEmpty(@TempDir Path other) throws IOException {
    try (AnnouncementIndex empty = AnnouncementIndex.open(IndexConfig.at(other))) {
      SearchResult result = empty.search(SearchRequest.of("jazz").withFacets(true));
      assertThat(result.hits()).isEmpty();
      assertThat(result.facets().get("media")).isEmpty();
    }
  }

  @Test
  void highlightsMarkMatchesAndEscapeHtml() throws IOException {
    index.upsert(item("cid-html").title("Jazz <script>alert(1)</script>").description("A b. " + "Filler text. ".repeat(50)
        + "The best jazz ever. More filler.").build());
    index.refresh();
    SearchResult result = index.search(SearchRequest.of("jazz"));
    SearchHit html = result.hits().stream().filter(h -> h.contentId().equals("cid-html")).findFirst().orElseThrow();
    assertThat(html.titleHighlight()).isEqualTo("<b>Jazz</b> &lt;script&gt;alert(1)&lt;&#x2F;script&gt;");
    assertThat(html.descriptionSnippet()).contains("The best <b>jazz</b> ever.").doesNotContain("A b.");
    SearchHit jazz = result.hits().stream().filter(h -> h.contentId().equals("cid-jazz")).findFirst().orElseThrow();
    assertThat(jazz.titleHighlight()).isEqualTo("Late Night <b>Jazz</b> Sessions");
    assertThat(jazz.descriptionSnippet()).isEqualTo("Smoky club recordings of a <b>jazz</b> trio.");

    SearchHit accented = index.search(SearchRequest.of("ete")).hits().getFirst();
    assertThat(accented.titleHighlight()).isEqualTo("<b>L&#x27;Été</b> à Paris"); // the elided article is in the token
  }

  @Test
  void hitsCarryDisplayValues() throws IOException {
    SearchHit war = index.search(SearchRequest.of("tolstoy")).hits().getFirst();
    assertThat(war.contentId()).isEqualTo("cid-war");
    assertThat(war.title()).isEqualTo("War and Peace");
    assertThat(war.totalSize()).isEqualTo(800_000_000);
    assertThat(war.priceSats()).isEqualTo(25_000);
    assertThat(war.timeMillis()).isEqualTo(3_000);
    assertThat(war.publisher()).isEqualTo("PubA");
    assertThat(war.score()).isPositive();
    assertThat(index.search(SearchRequest.of("tolstoy").withSort(SortOrder.NEWEST)).hits().getFirst().score()).isNaN();
    assertThat(index.search(SearchRequest.of("tolstoy").withHighlights(false)).hits().getFirst().titleHighlight())
        .isNull();
  }

  @Test
  void badQueriesGiveQueryExceptions() {
    assertThatThrownBy(() -> index.search(SearchRequest.of("title:(jazz")))
        .isInstanceOf(QueryException.class).hasMessageStartingWith("invalid query");
    assertThatThrownBy(() -> index.search(SearchRequest.of("*azz"))).isInstanceOf(QueryException.class);
  }
}

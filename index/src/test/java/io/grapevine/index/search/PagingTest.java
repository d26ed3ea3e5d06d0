package io.grapevine.index.search;

import static io.grapevine.index.TestItems.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grapevine.index.AnnouncementIndex;
import io.grapevine.index.IndexConfig;
import io.grapevine.index.query.QueryException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PagingTest {
  static final int ITEMS = 250;
  @TempDir Path dir;
  AnnouncementIndex index;

  @BeforeEach
  void fill() throws IOException {
    index = AnnouncementIndex.open(IndexConfig.at(dir));
    for (int i = 0; i < ITEMS; i++) {
      // many equal sort keys: ten distinct times and sizes, identical titles (equal scores)
      index.upsert(item(String.format("cid-%04d", (i * 37) % ITEMS)).title("same words here").time(i % 10)
          .size(1_000 * (i % 10)).build());
      if (i == 100) {
        index.refresh(); // more than one segment
      }
    }
    index.refresh();
  }

  @AfterEach
  void close() throws IOException {
    index.close();
  }

  private List<String> walkWithCursor(SearchRequest first) throws IOException {
    List<String> all = new ArrayList<>();
    SearchResult page = index.search(first);
    while (true) {
      page.hits().forEach(h -> all.add(h.contentId()));
      if (page.nextCursor() == null) {
        return all;
      }
      page = index.search(first.withCursor(page.nextCursor()));
    }
  }

  @ParameterizedTest
  @EnumSource(SortOrder.class)
  void cursorsWalkEveryItemOnceInOneStableOrder(SortOrder order) throws IOException {
    SearchRequest first = SearchRequest.of("same").withSort(order).withLimit(7).withHighlights(false);
    List<String> walked = walkWithCursor(first);
    assertThat(walked).hasSize(ITEMS).doesNotHaveDuplicates();
    assertThat(walkWithCursor(first)).isEqualTo(walked);
    // offset pages agree with cursor pages
    List<String> byOffset = new ArrayList<>();
    for (int offset = 0; offset < ITEMS; offset += 50) {
      index.search(first.withLimit(50).withOffset(offset)).hits().forEach(h -> byOffset.add(h.contentId()));
    }
    assertThat(byOffset).isEqualTo(walked);
  }

  @Test
  void tiesAreBrokenByContentId() throws IOException {
    List<String> newestFirst = walkWithCursor(SearchRequest.of("").withSort(SortOrder.NEWEST).withLimit(100));
    List<String> timeNine = newestFirst.subList(0, 25);
    assertThat(timeNine).isSorted();
  }

  @Test
  void cursorSurvivesChangesBetweenPages() throws IOException {
    SearchRequest first = SearchRequest.of("").withSort(SortOrder.OLDEST).withLimit(100).withHighlights(false);
    SearchResult page1 = index.search(first);
    index.delete(page1.hits().get(99).contentId()); // the boundary item itself disappears
    index.upsert(item("cid-new").title("same words here").time(-1).build()); // sorts before the cursor
    index.refresh();
    Set<String> seen = new HashSet<>();
    page1.hits().forEach(h -> seen.add(h.contentId()));
    SearchResult page = index.search(first.withCursor(page1.nextCursor()));
    int rest = 0;
    while (true) {
      for (SearchHit h : page.hits()) {
        assertThat(seen.add(h.contentId())).as("no repeats").isTrue();
        rest++;
      }
      if (page.nextCursor() == null) {
        break;
      }
      page = index.search(first.withCursor(page.nextCursor()));
    }
    assertThat(rest).isEqualTo(ITEMS - 100);
    assertThat(seen).doesNotContain("cid-new");
  }

  @Test
  void lastPageHasNoCursor() throws IOException {
    SearchResult all = index.search(SearchRequest.of("").withLimit(100).withOffset(200));
    assertThat(all.hits()).hasSize(50);
    assertThat(all.nextCursor()).isNull();
    assertThat(index.search(SearchRequest.of("").withLimit(10).withOffset(300)).hits()).isEmpty();
  }

  @Test
  void pageSizeAndDepthAreCapped() {
    assertThatThrownBy(() -> index.search(SearchRequest.of("").withLimit(101)))
        .isInstanceOf(QueryException.class).hasMessageContaining("limit must be between 1 and 100");
    assertThatThrownBy(() -> index.search(SearchRequest.of("").withLimit(0))).isInstanceOf(QueryException.class);
    assertThatThrownBy(() -> index.search(SearchRequest.of("").withOffset(1_001)))
        .isInstanceOf(QueryException.class).hasMessageContaining("cursor");
    assertThatThrownBy(() -> index.search(SearchRequest.of("").withOffset(-1))).isInstanceOf(QueryException.class);
  }

  @Test
  void badCursorsAreRefused() throws IOException {
    String cursor = index.search(SearchRequest.of("").withLimit(5)).nextCursor();
    assertThatThrownBy(() -> index.search(SearchRequest.of("").withCursor("!!!not base64")))
        .isInstanceOf(QueryException.class).hasMessageStartingWith("invalid cursor");
    assertThatThrownBy(() -> index.search(SearchRequest.of("").withCursor("AQ")))
        .isInstanceOf(QueryException.class).hasMessageStartingWith("invalid cursor");
    assertThatThrownBy(() -> index.search(SearchRequest.of("").withCursor("A".repeat(2_000))))
        .isInstanceOf(QueryException.class).hasMessageContaining("too long");
    byte[] lying = Base64.getUrlDecoder().decode(cursor);
    lying[10] = 0x7f; // id length field says far more than is there
    assertThatThrownBy(() -> index.search(SearchRequest.of("").withCursor(
        Base64.getUrlEncoder().withoutPadding().encodeToString(lying))))
        .isInstanceOf(QueryException.class).hasMessageStartingWith("invalid cursor");
    assertThatThrownBy(() -> index.search(SearchRequest.of("").withSort(SortOrder.NEWEST).withCursor(cursor)))
        .isInstanceOf(QueryException.class).hasMessageContaining("another order");
    assertThatThrownBy(() -> index.search(SearchRequest.of("").withCursor(cursor).withOffset(5)))
        .isInstanceOf(QueryException.class).hasMessageContaining("not both");
  }
}

package io.grapevine.index;

import static io.grapevine.index.TestItems.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grapevine.index.item.IndexedItem;
import io.grapevine.index.search.SearchRequest;
import io.grapevine.index.search.SearchResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LifecycleTest {
  @TempDir Path dir;

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(20);
    }
  }

  private static boolean unchecked(IOCheck check) {
    try {
      return check.get();
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  interface IOCheck {
    boolean get() throws IOException;
  }

  @Test
  void upsertReplacesAndDeleteRemoves() throws IOException {
    try (AnnouncementIndex index = AnnouncementIndex.open(IndexConfig.at(dir))) {
      index.upsert(item("cid-1").title("first version").build());
      index.upsert(item("cid-2").title("other").build());
      index.refresh();
      index.upsert(item("cid-1").title("second version").build());
      index.refresh();
      assertThat(index.size()).isEqualTo(2);
      assertThat(index.search(SearchRequest.of("first")).hits()).isEmpty();
      assertThat(index.search(SearchRequest.of("second")).hits()).extracting(h -> h.contentId()).containsExactly("cid-1");
      index.delete("cid-1");
      index.delete("cid-unknown");
      index.refresh();
      assertThat(index.contains("cid-1")).isFalse();
      assertThat(index.contains("cid-2")).isTrue();
      assertThat(index.search(SearchRequest.of("second")).hits()).isEmpty();
    }
  }

  @Test
  void changesBecomeSearchableWithinTheRefreshInterval() throws Exception {
    try (AnnouncementIndex index =
        AnnouncementIndex.open(IndexConfig.at(dir).withRefreshInterval(Duration.ofMillis(50)))) {
      index.upsert(item("cid-1").title("near real time").build());
      await(() -> unchecked(() -> index.contains("cid-1")));
      index.delete("cid-1");
      await(() -> unchecked(() -> !index.contains("cid-1")));
    }
  }

  @Test
  void aHeldRefreshWaitsForTheReleaseOrTheBound() throws Exception {
    try (AnnouncementIndex index =
        AnnouncementIndex.open(IndexConfig.at(dir).withRefreshInterval(Duration.ofMillis(200)))) {
      index.holdRefresh();
      Thread.sleep(2200); // past the bound (ten intervals) since the last refresh: the next tick refreshes
      index.upsert(item("cid-1").title("bulk").build());
      await(() -> unchecked(() -> index.contains("cid-1")));
      index.upsert(item("cid-2").title("bulk").build());
      Thread.sleep(600); // three intervals, well within the bound of ten
      assertThat(index.contains("cid-2")).isFalse();
      index.releaseRefresh();
      await(() -> unchecked(() -> index.contains("cid-2")));
    }
  }

  @Test
  void changesAreCommittedWithinTheCommitInterval() throws Exception {
    try (AnnouncementIndex index =
        AnnouncementIndex.open(IndexConfig.at(dir).withCommitInterval(Duration.ofMillis(100)))) {
      index.upsert(item("cid-1").title("durable").build());
      index.setCheckpoint(7);
      await(() -> index.committedCheckpoint().equals(OptionalLong.of(7)));
      // what another reader of the directory sees is the commit, not the writer's buffer
      try (FSDirectory d = FSDirectory.open(dir); DirectoryReader r = DirectoryReader.open(d)) {
        assertThat(r.numDocs()).isEqualTo(1);
      }
    }
  }

  @Test
  void reopenAfterCloseKeepsItemsAndCheckpoint() throws IOException {
    try (AnnouncementIndex index = AnnouncementIndex.open(IndexConfig.at(dir))) {
      assertThat(index.rebuildNeeded()).isTrue();
      assertThat(index.rebuildReason()).isEqualTo("new index");
      index.upsert(item("cid-1").title("kept across restarts").price(10).build());
      index.setCheckpoint(42);
    }
    try (AnnouncementIndex index = AnnouncementIndex.open(IndexConfig.at(dir))) {
      assertThat(index.rebuildNeeded()).isFalse();
      assertThat(index.checkpointAtOpen()).hasValue(42);
      SearchResult r = index.search(SearchRequest.of("restarts"));
      assertThat(r.hits()).singleElement().satisfies(h -> assertThat(h.priceSats()).isEqualTo(10));
      index.upsert(item("cid-2").title("after reopen").build());
      index.refresh();
      assertThat(index.size()).isEqualTo(2);
    }
  }

  @Test
  void aSecondOpenOfTheSameFolderIsRefused() throws IOException {
    try (AnnouncementIndex index = AnnouncementIndex.open(IndexConfig.at(dir))) {
      assertThatThrownBy(() -> AnnouncementIndex.open(IndexConfig.at(dir)))
          .isInstanceOf(IOException.class).hasMessageContaining("in use by another process");
      assertThat(index.size()).isZero();
    }
  }

  @Test
  void crashLosesOnlyUncommittedChanges(@TempDir Path logs) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        "--enable-native-access=ALL-UNNAMED", CrashingWriter.class.getName(), dir.toString())
        .redirectErrorStream(true).redirectOutput(logs.resolve("child.log").toFile())
        .start();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as("child halted after its uncommitted changes").isEqualTo(3);
    assertThat(Files.exists(dir.resolve("write.lock"))).isTrue(); // left behind, as after a kill

    try (AnnouncementIndex index = AnnouncementIndex.open(IndexConfig.at(dir))) {
      assertThat(index.rebuildNeeded()).isFalse();
      assertThat(index.checkpointAtOpen()).hasValue(100); // replay the caller's store from here
      assertThat(index.size()).isEqualTo(100);
      assertThat(index.contains("committed-0")).isTrue();
      assertThat(index.contains("lost-0")).isFalse();
      assertThat(index.search(SearchRequest.of("committed").withLimit(1)).totalHits()).isEqualTo(100);
      index.upsert(item("lost-0").title("replayed").build());
      index.refresh();
      assertThat(index.size()).isEqualTo(101);
    }
  }

  @Test
  void anUnreadableIndexIsWipedAndReportedForRebuild() throws IOException {
    try (AnnouncementIndex index = AnnouncementIndex.open(IndexConfig.at(dir))) {
      index.upsert(item("cid-1").title("soon corrupt").build());
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("segments_")).toList()) {
        Files.write(f, new byte[] {1, 2, 3, 4, 5}); // a torn segments file
      }
    }
    try (AnnouncementIndex index = AnnouncementIndex.open(IndexConfig.at(dir))) {
      assertThat(index.rebuildNeeded()).isTrue();
      assertThat(index.rebuildReason()).startsWith("unreadable index");
      assertThat(index.size()).isZero();
      index.upsert(item("cid-1").title("rebuilt").build());
    }
    try (AnnouncementIndex index = AnnouncementIndex.open(IndexConfig.at(dir))) {
      assertThat(index.rebuildNeeded()).isFalse();
      assertThat(index.size()).isEqualTo(1);
    }
  }

  @Test
  void anIndexOfAnotherSchemaIsWipedAndReportedForRebuild() throws IOException {
    try (FSDirectory d = FSDirectory.open(dir); IndexWriter w = new IndexWriter(d, new IndexWriterConfig())) {
      w.addDocument(List.of());
      w.commit(); // no schema version in the commit data
    }
    try (AnnouncementIndex index = AnnouncementIndex.open(IndexConfig.at(dir))) {
      assertThat(index.rebuildNeeded()).isTrue();
      assertThat(index.rebuildReason()).contains("schema");
      assertThat(index.size()).isZero();
    }
  }

  @Test
  void rebuildReplacesEverything() throws IOException {
    try (AnnouncementIndex index = AnnouncementIndex.open(IndexConfig.at(dir))) {
      index.upsert(item("stale").title("blocked since").build());
      index.refresh();
      List<IndexedItem> store =
          IntStream.range(0, 500).mapToObj(i -> item("cid-" + i).title("stored item " + i).build()).toList();
      index.setCheckpoint(500);
      assertThat(index.rebuild(store.iterator())).isEqualTo(500);
      assertThat(index.size()).isEqualTo(500);
      assertThat(index.contains("stale")).isFalse();
      assertThat(index.committedCheckpoint()).hasValue(500);
    }
  }

  @Test
  void closeIsIdempotentAndSearchesAfterCloseFail() throws IOException {
    AnnouncementIndex index = AnnouncementIndex.open(IndexConfig.at(dir));
    index.close();
    index.close();
    assertThatThrownBy(() -> index.search(SearchRequest.of("x"))).isInstanceOf(RuntimeException.class);
  }
}

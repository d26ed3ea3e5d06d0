package io.grapevine.index;

import static io.grapevine.index.TestItems.item;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Child process of {@link LifecycleTest}: commits 100 items with checkpoint 100, then changes more (searchable but not
 * committed) and halts the JVM without closing anything, like a kill -9.
 */
public final class CrashingWriter {
  public static void main(String[] args) throws Exception {
    AnnouncementIndex index = AnnouncementIndex.open(
        IndexConfig.at(Path.of(args[0])).withCommitInterval(Duration.ofHours(1)));
    for (int i = 0; i < 100; i++) {
      index.upsert(item("committed-" + i).title("committed item " + i).build());
    }
    index.setCheckpoint(100);
    index.commit();
    for (int i = 0; i < 50; i++) {
      index.upsert(item("lost-" + i).title("uncommitted item " + i).build());
    }
    for (int i = 0; i < 10; i++) {
      index.delete("committed-" + i);
    }
    index.setCheckpoint(150);
    index.refresh();
    if (index.size() != 140) {
      System.exit(2);
    }
    Runtime.getRuntime().halt(3);
  }
}

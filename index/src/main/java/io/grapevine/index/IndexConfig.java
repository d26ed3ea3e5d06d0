package io.grapevine.index;

import io.grapevine.index.query.QueryLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the index lives and how it trades freshness and durability for cost.
 *
 * @param directory the index folder (created if missing; one process at a time)
 * @param refreshInterval how soon a change becomes searchable (near-real-time reopen)
 * @param commitInterval how often changes are made durable; a crash loses at most this much, which the caller replays
 *     from its store (see {@link AnnouncementIndex#committedCheckpoint()})
 * @param ramBufferMb indexing buffer before a segment is flushed
 * @param highlightPre marker before a matched word in snippets
 * @param highlightPost marker after a matched word in snippets
 */
public record IndexConfig(
    Path directory,
    Duration refreshInterval,
    Duration commitInterval,
    double ramBufferMb,
    QueryLimits limits,
    String highlightPre,
    String highlightPost) {

  public IndexConfig {
    Objects.requireNonNull(directory, "directory");
    refreshInterval = positive(refreshInterval, Duration.ofSeconds(1), "refreshInterval");
    commitInterval = positive(commitInterval, Duration.ofSeconds(10), "commitInterval");
    if (ramBufferMb < 1) {
      throw new IllegalArgumentException("ramBufferMb must be >= 1");
    }
    limits = limits == null ? QueryLimits.DEFAULT : limits;
    highlightPre = highlightPre == null ? "<b>" : highlightPre;
    highlightPost = highlightPost == null ? "</b>" : highlightPost;
  }

  /** Defaults: refresh every second, commit every 10 seconds, 64 MB buffer, default limits, {@code <b>} markers. */
  public static IndexConfig at(Path directory) {
    return new IndexConfig(directory, null, null, 64, null, null, null);
  }

  public IndexConfig withRefreshInterval(Duration d) {
    return new IndexConfig(directory, d, commitInterval, ramBufferMb, limits, highlightPre, highlightPost);
  }

  public IndexConfig withCommitInterval(Duration d) {
    return new IndexConfig(directory, refreshInterval, d, ramBufferMb, limits, highlightPre, highlightPost);
  }

  public IndexConfig withRamBufferMb(double mb) {
    return new IndexConfig(directory, refreshInterval, commitInterval, mb, limits, highlightPre, highlightPost);
  }

  public IndexConfig withLimits(QueryLimits l) {
    return new IndexConfig(directory, refreshInterval, commitInterval, ramBufferMb, l, highlightPre, highlightPost);
  }

  public IndexConfig withHighlightMarkers(String pre, String post) {
    return new IndexConfig(directory, refreshInterval, commitInterval, ramBufferMb, limits, pre, post);
  }

  private static Duration positive(Duration d, Duration fallback, String name) {
    if (d == null) {
      return fallback;
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
    return d;
  }
}

package io.grapevine.node.download;

import io.grapevine.node.transfer.InflightBudget;
import java.time.Duration;

/**
 * Tuning of the download manager. {@code window}: chunks kept requested per peer (16 x 1 MiB fills a 16 MiB Yamux
 * window); {@code batch}: chunks handed to one peer at a time (more than the window, so its pipe does not drain
 * between batches); {@code endgameBatch}: chunks per duplicate request once every missing chunk is in flight;
 * {@code maxStrikes}: bad answers before a peer is banned from this download; {@code maxRetries}: failures in a row
 * (timeouts, lost connections) before a peer is given up; backoff doubles from {@code retryBackoff} up to
 * {@code maxBackoff}; {@code idleRecheck}: how often an idle peer's have-map is asked again; {@code inflightBytes}:
 * chunk bytes the whole node may have asked for and not yet stored, over all peers and downloads
 * ({@link io.grapevine.node.transfer.InflightBudget}).
 */
public record DownloadSettings(int window, int batch, int endgameBatch, int maxStrikes, int maxRetries,
        Duration stallTimeout, Duration manifestTimeout, Duration retryBackoff, Duration maxBackoff,
        Duration idleRecheck, long inflightBytes) {
    public DownloadSettings {
        if (window < 1 || batch < 1 || endgameBatch < 1 || maxStrikes < 1 || maxRetries < 0 || inflightBytes < 1) {
            throw new IllegalArgumentException("window, batch, endgameBatch, maxStrikes and inflightBytes must be positive");
        }
    }

    public static DownloadSettings defaults() {
        return new DownloadSettings(16, 32, 2, 3, 8, Duration.ofSeconds(20), Duration.ofSeconds(30),
                Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(2), InflightBudget.DEFAULT_LIMIT);
    }

    public DownloadSettings withWindow(int w, int b) {
        return new DownloadSettings(w, b, endgameBatch, maxStrikes, maxRetries, stallTimeout, manifestTimeout,
                retryBackoff, maxBackoff, idleRecheck, inflightBytes);
    }

    public DownloadSettings withMaxStrikes(int strikes) {
        return new DownloadSettings(window, batch, endgameBatch, strikes, maxRetries, stallTimeout, manifestTimeout,
                retryBackoff, maxBackoff, idleRecheck, inflightBytes);
    }

    public DownloadSettings withInflightBytes(long bytes) {
        return new DownloadSettings(window, batch, endgameBatch, maxStrikes, maxRetries, stallTimeout, manifestTimeout,
                retryBackoff, maxBackoff, idleRecheck, bytes);
    }

    Duration backoff(int attempt) {
        long ms = retryBackoff.toMillis() << Math.min(attempt, 16);
        return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
    }
}

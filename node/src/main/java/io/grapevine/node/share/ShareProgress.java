package io.grapevine.node.share;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** A share being read and hashed: how far it is, for progress bars. {@code totalBytes} is counted before reading. */
public final class ShareProgress {
    private final Path path;
    private final long totalBytes;
    private final Instant startedAt = Instant.now();
    private final AtomicLong hashedBytes = new AtomicLong();

    ShareProgress(Path path, long totalBytes) {
        this.path = path;
        this.totalBytes = totalBytes;
    }

    void add(long bytes) { hashedBytes.addAndGet(bytes); }

    public Path path() { return path; }
    public long totalBytes() { return totalBytes; }
    public long hashedBytes() { return hashedBytes.get(); }
    public Instant startedAt() { return startedAt; }
}

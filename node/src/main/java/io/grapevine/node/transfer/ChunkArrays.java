package io.grapevine.node.transfer;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Received chunks' arrays, reused once their chunk has landed. A 1 MiB array per received chunk was the leecher's
 * main garbage: with the node's 384 MiB heap (1 MiB G1 regions) each is a humongous object spanning two regions, and
 * with three seeders G1 grew the heap to its maximum (leecher peak RSS 561 MB). Node-wide and bounded by a total
 * ({@link #SHARED}: 32 MiB kept), whatever the number of peers or downloads: a chunk that finds no free array gets a
 * new one, and an array returned over the bound is left to the GC. Only arrays of at least {@link #MIN_POOLED} bytes
 * are kept (a share's short last chunk is not worth it).
 */
final class ChunkArrays {
    static final int MIN_POOLED = 64 * 1024;
    static final ChunkArrays SHARED = new ChunkArrays(32L << 20);

    private final long maxBytes;
    private final Map<Integer, ArrayDeque<byte[]>> free = new HashMap<>();
    private long keptBytes;

    ChunkArrays(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** An array of exactly {@code length} bytes; its contents are whatever it held before (the caller fills it). */
    synchronized byte[] take(int length) {
        ArrayDeque<byte[]> q = free.get(length);
        if (q != null && !q.isEmpty()) {
            keptBytes -= length;
            return q.pop();
        }
        return new byte[length];
    }

    /** Returns an array nobody uses any more; kept for reuse while the total stays within the bound. */
    synchronized void give(byte[] array) {
        if (array.length < MIN_POOLED || keptBytes + array.length > maxBytes) {
            return;
        }
        free.computeIfAbsent(array.length, n -> new ArrayDeque<>()).push(array);
        keptBytes += array.length;
    }

    synchronized long keptBytes() {
        return keptBytes;
    }
}

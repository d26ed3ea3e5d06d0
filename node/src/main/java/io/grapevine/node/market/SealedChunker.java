package io.grapevine.node.market;

import io.grapevine.node.content.ContentIds;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.storage.ChunkStore;
import java.io.ByteArrayOutputStream;

/**
 * Cuts the sealed byte stream (encrypted units of plaintext chunk size + 16 bytes, back to back) into chunks of the
 * manifest's chunk size, storing each and recording its digest. Holds at most one chunk in memory.
 */
final class SealedChunker {
    private final int chunkSize;
    private final ChunkStore chunks;
    private final ByteArrayOutputStream digests = new ByteArrayOutputStream();
    private byte[] buffer;
    private int filled;
    private long total;

    SealedChunker(int chunkSize, ChunkStore chunks) {
        this.chunkSize = chunkSize;
        this.chunks = chunks;
        this.buffer = new byte[chunkSize];
    }

    void write(byte[] sealedUnit) {
        int at = 0;
        while (at < sealedUnit.length) {
            int n = Math.min(chunkSize - filled, sealedUnit.length - at);
            System.arraycopy(sealedUnit, at, buffer, filled, n);
            filled += n;
            at += n;
            total += n;
            if (filled == chunkSize) {
                emit(buffer);
                buffer = new byte[chunkSize];
                filled = 0;
            }
        }
    }

    void finish() {
        if (filled > 0) {
            emit(java.util.Arrays.copyOf(buffer, filled));
            filled = 0;
        }
    }

    private void emit(byte[] chunk) {
        Cid id = ContentIds.chunkId(chunk);
        digests.writeBytes(id.multihash().digest());
        chunks.put(id, chunk);
    }

    long total() {
        return total;
    }

    byte[] digests() {
        return digests.toByteArray();
    }
}

package io.grapevine.node.market;

import io.grapevine.node.content.ContentManifest;
import io.grapevine.node.storage.ChunkStore;
import java.io.IOException;

/** Reads byte ranges of the sealed stream from its (verified, stored) chunks, keeping the last chunk read. */
final class SealedReader {
    private final ContentManifest sealed;
    private final ChunkStore chunks;
    private int cachedIndex = -1;
    private byte[] cached;

    SealedReader(ContentManifest sealed, ChunkStore chunks) {
        this.sealed = sealed;
        this.chunks = chunks;
    }

    byte[] read(long offset, int length) throws IOException {
        if (offset < 0 || offset + length > sealed.totalSize()) {
            throw new IOException("sealed range " + offset + "+" + length + " is outside the share");
        }
        byte[] out = new byte[length];
        int done = 0;
        while (done < length) {
            long at = offset + done;
            int index = (int) (at / sealed.chunkSize());
            byte[] chunk = chunk(index);
            int from = (int) (at - sealed.chunkOffset(index));
            int n = Math.min(chunk.length - from, length - done);
            System.arraycopy(chunk, from, out, done, n);
            done += n;
        }
        return out;
    }

    private byte[] chunk(int index) throws IOException {
        if (index != cachedIndex) {
            byte[] data = chunks.get(sealed.chunkId(index));
            if (data == null || data.length != sealed.chunkLength(index)) {
                throw new IOException("sealed chunk " + index + " is not in the store yet");
            }
            cached = data;
            cachedIndex = index;
        }
        return cached;
    }
}

package io.grapevine.node.content;

import io.grapevine.node.multiformats.Cid;
import java.util.Arrays;
import java.util.List;

/**
 * A share resolved in full: its layout and every chunk id. Chunk {@code i} covers bytes
 * {@code [i * chunkSize, min((i + 1) * chunkSize, totalSize))} of the files concatenated in order.
 */
public final class ContentManifest {
    private final Cid id;
    private final int chunkSize;
    private final long totalSize;
    private final List<ContentFile> files;
    private final byte[] digests;

    ContentManifest(Cid id, int chunkSize, long totalSize, List<ContentFile> files, byte[] digests) {
        this.id = id;
        this.chunkSize = chunkSize;
        this.totalSize = totalSize;
        this.files = List.copyOf(files);
        this.digests = digests;
    }

    /** The content id: the CID of the root manifest. */
    public Cid id() {
        return id;
    }

    public int chunkSize() {
        return chunkSize;
    }

    public long totalSize() {
        return totalSize;
    }

    public List<ContentFile> files() {
        return files;
    }

    public int chunkCount() {
        return digests.length / ContentIds.DIGEST_LENGTH;
    }

    public Cid chunkId(int index) {
        return ContentIds.chunkIdFromDigest(chunkDigest(index));
    }

    public byte[] chunkDigest(int index) {
        checkIndex(index);
        int from = index * ContentIds.DIGEST_LENGTH;
        return Arrays.copyOfRange(digests, from, from + ContentIds.DIGEST_LENGTH);
    }

    public int chunkLength(int index) {
        checkIndex(index);
        return (int) Math.min(chunkSize, totalSize - (long) index * chunkSize);
    }

    public long chunkOffset(int index) {
        checkIndex(index);
        return (long) index * chunkSize;
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= chunkCount()) {
            throw new IndexOutOfBoundsException("chunk " + index + " of " + chunkCount());
        }
    }
}

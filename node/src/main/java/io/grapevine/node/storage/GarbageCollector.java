package io.grapevine.node.storage;

import io.grapevine.node.content.ContentManifest;
import io.grapevine.node.multiformats.Cid;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps the chunk store under a quota by deleting chunks that no pinned content references. Pinned chunks are never
 * deleted, even when they alone exceed the quota. Content being downloaded must be pinned by its download.
 */
public final class GarbageCollector {
    public record Result(long deletedChunks, long freedBytes, long totalBytesAfter) {
    }

    private final ChunkStore chunks;
    private final ManifestStore manifests;
    private final PinStore pins;

    public GarbageCollector(ChunkStore chunks, ManifestStore manifests, PinStore pins) {
        this.chunks = chunks;
        this.manifests = manifests;
        this.pins = pins;
    }

    public Result collect(long quotaBytes) {
        if (chunks.totalBytes() <= quotaBytes) {
            return new Result(0, 0, chunks.totalBytes());
        }
        Set<Cid> keep = new HashSet<>();
        for (Cid content : pins.pinned()) {
            ContentManifest m = manifests.load(content);
            if (m == null) {
                // Without the manifest we cannot tell which chunks are pinned: deleting anything could lose them.
                throw new StorageException("pinned content " + content + " has no manifest; not collecting", null);
            }
            for (int i = 0; i < m.chunkCount(); i++) {
                keep.add(m.chunkId(i));
            }
        }
        List<Cid> candidates = new ArrayList<>();
        chunks.forEach((id, size) -> {
            if (!keep.contains(id)) {
                candidates.add(id);
            }
        });
        long deleted = 0;
        long freed = 0;
        for (Cid id : candidates) {
            if (chunks.totalBytes() <= quotaBytes) {
                break;
            }
            long n = chunks.delete(id);
            if (n > 0) {
                deleted++;
                freed += n;
            }
        }
        return new Result(deleted, freed, chunks.totalBytes());
    }
}

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
        Set<Cid> keep = pinnedChunks();
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

    /**
     * Collects one content's chunks now, whatever the quota (it became blocked), unless it is pinned; chunks that
     * pinned content shares are kept. Its manifest stays, so a local allow can fetch it again.
     */
    public Result collectContent(Cid contentId) {
        if (pins.isPinned(contentId)) {
            return new Result(0, 0, chunks.totalBytes());
        }
        ContentManifest m = manifests.load(contentId);
        if (m == null) {
            return new Result(0, 0, chunks.totalBytes());
        }
        Set<Cid> keep = pinnedChunks();
        long deleted = 0;
        long freed = 0;
        for (int i = 0; i < m.chunkCount(); i++) {
            Cid id = m.chunkId(i);
            if (!keep.contains(id)) {
                long n = chunks.delete(id);
                if (n > 0) {
                    deleted++;
                    freed += n;
                }
            }
        }
        return new Result(deleted, freed, chunks.totalBytes());
    }

    private Set<Cid> pinnedChunks() {
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
        return keep;
    }
}

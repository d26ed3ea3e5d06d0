package io.grapevine.node.transfer;

import io.grapevine.node.content.ContentIds;
import io.grapevine.node.content.ContentManifest;
import io.grapevine.node.content.InvalidContentException;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.storage.ManifestStore;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Resolved manifests for serving, a few kept in memory: resolving a large share means reading and copying up to
 * 32 MiB of digests, which must not happen per request. Unknown and invalid ids answer null, cheaply.
 */
public final class ContentCatalog {
    /** Bound on cached chunk digests (32 bytes a chunk): 2 of the largest shares, or many ordinary ones. */
    private static final long MAX_CACHED_CHUNKS = 2L * io.grapevine.node.content.ManifestLimits.MAX_CHUNKS;

    private final ManifestStore manifests;
    private final Map<Cid, ContentManifest> cache = new LinkedHashMap<>(16, 0.75f, true);
    private long cachedChunks;
    private volatile ContentPolicy policy = ContentPolicy.ALLOW_ALL;

    public ContentCatalog(ManifestStore manifests) {
        this.manifests = manifests;
    }

    /** Blocked content is answered as not held: its manifest and chunks are not served. */
    public void setPolicy(ContentPolicy policy) {
        this.policy = policy;
    }

    /** A stored root manifest or chunk list, as bytes, or null. */
    public byte[] manifestBytes(Cid id) {
        if (id.codec() != ContentIds.MANIFEST_CODEC && id.codec() != ContentIds.CHUNK_LIST_CODEC) {
            return null;
        }
        if (id.codec() == ContentIds.MANIFEST_CODEC && policy.refusal(id).isPresent()) {
            return null;
        }
        return manifests.get(id);
    }

    /** The resolved manifest, or null when this node does not hold it (or holds it incomplete). */
    public synchronized ContentManifest find(Cid id) {
        if (!ContentIds.isManifestId(id) || policy.refusal(id).isPresent()) {
            return null;
        }
        ContentManifest m = cache.get(id);
        if (m == null) {
            try {
                m = manifests.load(id);
            } catch (InvalidContentException e) {
                return null;
            }
            if (m != null) {
                cache.put(id, m);
                cachedChunks += m.chunkCount();
                Iterator<ContentManifest> eldest = cache.values().iterator();
                while (cachedChunks > MAX_CACHED_CHUNKS && cache.size() > 1) {
                    cachedChunks -= eldest.next().chunkCount();
                    eldest.remove();
                }
            }
        }
        return m;
    }
}

package io.grapevine.node.transfer;

import io.grapevine.node.content.ContentIds;
import io.grapevine.node.content.ContentManifest;
import io.grapevine.node.content.InvalidContentException;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.storage.ManifestStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Resolved manifests for serving, a few kept in memory: resolving a large share means reading and copying up to
 * 32 MiB of digests, which must not happen per request. Unknown and invalid ids answer null, cheaply.
 */
public final class ContentCatalog {
    private static final int CACHED = 8;

    private final ManifestStore manifests;
    private final Map<Cid, ContentManifest> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Cid, ContentManifest> eldest) {
            return size() > CACHED;
        }
    };

    public ContentCatalog(ManifestStore manifests) {
        this.manifests = manifests;
    }

    /** A stored root manifest or chunk list, as bytes, or null. */
    public byte[] manifestBytes(Cid id) {
        if (id.codec() != ContentIds.MANIFEST_CODEC && id.codec() != ContentIds.CHUNK_LIST_CODEC) {
            return null;
        }
        return manifests.get(id);
    }

    /** The resolved manifest, or null when this node does not hold it (or holds it incomplete). */
    public synchronized ContentManifest find(Cid id) {
        if (!ContentIds.isManifestId(id)) {
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
            }
        }
        return m;
    }
}

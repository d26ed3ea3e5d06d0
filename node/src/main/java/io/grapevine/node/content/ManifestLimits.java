package io.grapevine.node.content;

/** Bounds on manifests, checked before anything is allocated from a peer's bytes (docs/content.md, "Limits"). */
public final class ManifestLimits {
    public static final int MIN_CHUNK_SIZE = 16 * 1024;
    public static final int MAX_CHUNK_SIZE = 4 * 1024 * 1024;
    /** A root manifest message (layout plus inline digests or chunk-list references). */
    public static final int MAX_MANIFEST_BYTES = 8 * 1024 * 1024;
    public static final int MAX_FILES = 100_000;
    /** Digests per ChunkList and the most a root manifest holds inline: 2 MiB of digests. */
    public static final int CHUNKS_PER_LIST = 65_536;
    public static final int MAX_CHUNK_LIST_BYTES = CHUNKS_PER_LIST * ContentIds.DIGEST_LENGTH + 16;
    /** Chunks in one share: 1 TiB at 1 MiB chunks, 32 MiB of digests held in memory. */
    public static final int MAX_CHUNKS = 16 * CHUNKS_PER_LIST;

    private ManifestLimits() {
    }
}

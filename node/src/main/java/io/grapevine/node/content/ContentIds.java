package io.grapevine.node.content;

import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.multiformats.Multihash;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Content identifiers. Chunks are CIDv1 with the raw codec (0x55) and a sha2-256 multihash, so any IPFS tool names
 * the same bytes the same way. Manifests and chunk lists use codecs from the multicodec private-use range
 * (0x300000-0x3fffff), so an id alone tells a share from a chunk and no other tool mistakes a manifest for data.
 */
public final class ContentIds {
    /** Grapevine root manifest (content.proto Manifest). */
    public static final long MANIFEST_CODEC = 0x300000L;
    /** Grapevine chunk list (content.proto ChunkList), a part of a large manifest. */
    public static final long CHUNK_LIST_CODEC = 0x300001L;
    public static final int DIGEST_LENGTH = 32;

    private ContentIds() {
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    public static byte[] digest(byte[] data, int offset, int length) {
        MessageDigest md = sha256();
        md.update(data, offset, length);
        return md.digest();
    }

    public static Cid chunkId(byte[] data) {
        return chunkIdFromDigest(digest(data, 0, data.length));
    }

    public static Cid chunkIdFromDigest(byte[] digest) {
        return Cid.v1(Cid.RAW, Multihash.of(Multihash.SHA2_256, digest));
    }

    public static Cid manifestId(byte[] encodedManifest) {
        return Cid.v1(MANIFEST_CODEC, Multihash.sha256(encodedManifest));
    }

    public static Cid chunkListId(byte[] encodedChunkList) {
        return Cid.v1(CHUNK_LIST_CODEC, Multihash.sha256(encodedChunkList));
    }

    /** True when {@code id} is a sha2-256 CID whose digest is the hash of {@code data}. */
    public static boolean matches(Cid id, byte[] data) {
        Multihash mh = id.multihash();
        return mh.code() == Multihash.SHA2_256
                && MessageDigest.isEqual(mh.digest(), digest(data, 0, data.length));
    }

    public static boolean isChunkId(Cid id) {
        return id.version() == 1 && id.codec() == Cid.RAW && id.multihash().code() == Multihash.SHA2_256
                && id.multihash().digestLength() == DIGEST_LENGTH;
    }

    public static boolean isManifestId(Cid id) {
        return id.version() == 1 && id.codec() == MANIFEST_CODEC && id.multihash().code() == Multihash.SHA2_256;
    }
}

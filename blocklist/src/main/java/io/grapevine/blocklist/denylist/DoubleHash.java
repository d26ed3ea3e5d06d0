package io.grapevine.blocklist.denylist;

import io.grapevine.blocklist.codec.Sha256;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The two double-hash forms of IPIP-383 for a whole CID (no path), sha2-256 only:
 * <ul>
 *   <li>modern: base58btc(sha2-256 multihash of the UTF-8 string base58btc(multihash of the CID)), e.g. the rule
 *       {@code //QmX9dh...} for any CID whose multihash is QmVTF1...;</li>
 *   <li>legacy (badbits anchors): lowercase hex of SHA-256 of the UTF-8 string {@code <CIDv1 base32>/}.</li>
 * </ul>
 */
public final class DoubleHash {
    private DoubleHash() {
    }

    public static String modern(Cid cid) {
        return modernOf(cid.multihashBase58());
    }

    /** Modern double hash of an arbitrary IPIP-383 subject string (b58 multihash with optional /path). */
    public static String modernOf(String subject) {
        byte[] digest = Sha256.hash(subject.getBytes(StandardCharsets.UTF_8));
        byte[] mh = new byte[34];
        mh[0] = (byte) Cid.SHA2_256;
        mh[1] = 32;
        System.arraycopy(digest, 0, mh, 2, 32);
        return Multibase.base58Encode(mh);
    }

    public static String legacy(Cid cid) {
        return legacyOf(cid.toV1Base32() + "/");
    }

    public static String legacyOf(String anchor) {
        return HexFormat.of().formatHex(Sha256.hash(anchor.getBytes(StandardCharsets.UTF_8)));
    }
}

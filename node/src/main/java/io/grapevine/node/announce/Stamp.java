package io.grapevine.node.announce;

import io.grapevine.node.announce.proto.Announcement;
import io.grapevine.node.content.ContentIds;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Hashcash-style proof of work on an announcement: SHA-256(prefix || nonce as 8 big-endian bytes) must start with
 * {@code stamp_difficulty} zero bits, where prefix = SHA-256("grapevine-stamp/1:" || the announcement with nonce 0 and
 * no signature). The prefix binds the stamp to every field (the difficulty included); each try hashes one 40-byte
 * block, so verifying costs one hash and solving about 2^difficulty.
 */
public final class Stamp {
    private static final byte[] DOMAIN = "grapevine-stamp/1:".getBytes(StandardCharsets.US_ASCII);

    private Stamp() {}

    static byte[] prefix(Announcement a) {
        MessageDigest sha = ContentIds.sha256();
        sha.update(DOMAIN);
        sha.update(a.toBuilder().clearStampNonce().clearSignature().build().toByteArray());
        return sha.digest();
    }

    /** True when the announcement's nonce gives at least its claimed difficulty. */
    public static boolean verify(Announcement a) {
        return leadingZeroBits(hash(ContentIds.sha256(), prefix(a), a.getStampNonce())) >= a.getStampDifficulty();
    }

    /** The announcement with a nonce meeting {@code difficulty}; about 2^difficulty hashes. Stops if interrupted. */
    public static Announcement solve(Announcement a, int difficulty) {
        if (difficulty < 0 || difficulty > AnnounceLimits.MAX_STAMP_DIFFICULTY) {
            throw new IllegalArgumentException("difficulty " + difficulty);
        }
        Announcement withDifficulty = a.toBuilder().setStampDifficulty(difficulty).build();
        byte[] prefix = prefix(withDifficulty);
        MessageDigest sha = ContentIds.sha256();
        for (long nonce = 0; ; nonce++) {
            if (leadingZeroBits(hash(sha, prefix, nonce)) >= difficulty) {
                return withDifficulty.toBuilder().setStampNonce(nonce).build();
            }
            if ((nonce & 0xFFFF) == 0xFFFF && Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("stamp computation interrupted");
            }
        }
    }

    static byte[] hash(MessageDigest sha, byte[] prefix, long nonce) {
        sha.update(prefix);
        for (int shift = 56; shift >= 0; shift -= 8) sha.update((byte) (nonce >>> shift));
        return sha.digest();
    }

    static int leadingZeroBits(byte[] hash) {
        int bits = 0;
        for (byte b : hash) {
            if (b == 0) {
                bits += 8;
                continue;
            }
            return bits + Integer.numberOfLeadingZeros(b & 0xFF) - 24;
        }
        return bits;
    }
}

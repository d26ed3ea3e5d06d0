package io.grapevine.blocklist.stamp;

import io.grapevine.blocklist.codec.CanonicalWriter;
import io.grapevine.blocklist.codec.Sha256;

import java.security.MessageDigest;

/**
 * Hashcash-like proof of work. A nonce is valid for {@code payload} at difficulty D when
 * SHA-256(u32 len(tag) || tag || u32 len(payload) || payload || u64 nonce) has at least D leading zero bits,
 * with tag = "grapevine/stamp/1" so a stamp made for something else never counts here.
 */
public final class Stamp {
    public static final String TAG = "grapevine/stamp/1";
    public static final int MAX_DIFFICULTY = 40;

    private Stamp() {
    }

    /** Finds the smallest nonce from 0 upwards; expected cost 2^difficulty hashes. */
    public static long mint(byte[] payload, int difficulty) {
        checkDifficulty(difficulty);
        MessageDigest md = Sha256.digest();
        byte[] prefix = prefix(payload);
        byte[] nonceBytes = new byte[8];
        for (long nonce = 0; ; nonce++) {
            if (leadingZeroBits(hash(md, prefix, nonce, nonceBytes)) >= difficulty) {
                return nonce;
            }
        }
    }

    public static boolean verify(byte[] payload, long nonce, int difficulty) {
        checkDifficulty(difficulty);
        if (difficulty == 0) {
            return true;
        }
        return leadingZeroBits(hash(Sha256.digest(), prefix(payload), nonce, new byte[8])) >= difficulty;
    }

    private static void checkDifficulty(int difficulty) {
        if (difficulty < 0 || difficulty > MAX_DIFFICULTY) {
            throw new IllegalArgumentException("difficulty must be 0.." + MAX_DIFFICULTY + ": " + difficulty);
        }
    }

    private static byte[] prefix(byte[] payload) {
        return new CanonicalWriter().string(TAG).bytes(payload).toByteArray();
    }

    private static byte[] hash(MessageDigest md, byte[] prefix, long nonce, byte[] nonceBytes) {
        for (int i = 0; i < 8; i++) {
            nonceBytes[i] = (byte) (nonce >>> (56 - 8 * i));
        }
        md.reset();
        md.update(prefix);
        return md.digest(nonceBytes);
    }

    static int leadingZeroBits(byte[] h) {
        int bits = 0;
        for (byte b : h) {
            if (b == 0) {
                bits += 8;
            } else {
                return bits + Integer.numberOfLeadingZeros(b & 0xFF) - 24;
            }
        }
        return bits;
    }
}

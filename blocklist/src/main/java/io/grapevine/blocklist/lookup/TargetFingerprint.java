package io.grapevine.blocklist.lookup;

import io.grapevine.blocklist.codec.Sha256;
import io.grapevine.blocklist.vote.Target;

import java.security.MessageDigest;

/**
 * 64-bit fingerprint of a target: the first 8 bytes (big-endian) of SHA-256(u8 kind || value), with 0 mapped to 1
 * because 0 marks an empty slot. With n entries a random miss collides with probability about n / 2^64.
 */
public final class TargetFingerprint {
    private TargetFingerprint() {
    }

    public static long of(Target target) {
        MessageDigest md = Sha256.digest();
        md.update((byte) target.kind().code);
        byte[] h = md.digest(target.value());
        long fp = 0;
        for (int i = 0; i < 8; i++) {
            fp = (fp << 8) | (h[i] & 0xFF);
        }
        return fp == 0 ? 1 : fp;
    }
}

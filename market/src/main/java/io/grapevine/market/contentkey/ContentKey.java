package io.grapevine.market.contentkey;

import io.grapevine.market.codec.CanonicalWriter;
import io.grapevine.market.codec.Sha256;

import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * The AES-256 key a paid listing's chunks are encrypted under, one fresh key per listing. Its {@link #commitment()}
 * goes into the public listing: AES-GCM is not key-committing, so a buyer checks a received key against the
 * commitment before trusting anything decrypted with it.
 */
public final class ContentKey {
    public static final int LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    private ContentKey(byte[] key) {
        this.key = key;
    }

    public static ContentKey generate() {
        byte[] k = new byte[LENGTH];
        RANDOM.nextBytes(k);
        return new ContentKey(k);
    }

    public static ContentKey of(byte[] key) {
        if (key == null || key.length != LENGTH) {
            throw new IllegalArgumentException("content key must be " + LENGTH + " bytes");
        }
        return new ContentKey(key.clone());
    }

    public byte[] bytes() {
        return key.clone();
    }

    /** SHA-256(string "grapevine/market/content-key/1" || raw32 key). */
    public byte[] commitment() {
        return Sha256.hash(new CanonicalWriter().string("grapevine/market/content-key/1").raw(key).toByteArray());
    }

    /** Constant-time check against a listing's commitment. */
    public boolean matches(byte[] commitment) {
        return MessageDigest.isEqual(commitment(), commitment);
    }

    @Override
    public String toString() {
        return "ContentKey[redacted]";
    }
}

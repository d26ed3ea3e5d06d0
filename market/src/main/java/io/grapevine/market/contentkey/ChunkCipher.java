package io.grapevine.market.contentkey;

import io.grapevine.market.codec.CanonicalWriter;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;

/**
 * AES-256-GCM per chunk. The 96-bit nonce is 4 zero bytes then the chunk index as a big-endian u64: unique per
 * chunk because each listing has its own key, and deterministic, so encrypting a chunk twice gives the same
 * ciphertext (and the same content id). The associated data binds the chunk index and the key commitment, so chunks
 * cannot be swapped between positions. Output: ciphertext || 16-byte tag.
 */
public final class ChunkCipher {
    public static final int TAG_BYTES = 16;
    /** Chunks are at most 16 MiB; GCM allows far more, this only bounds allocation. */
    public static final int MAX_CHUNK_BYTES = 16 << 20;
    private static final String AAD_TAG = "grapevine/market/chunk/1";

    private final SecretKeySpec key;
    private final byte[] commitment;

    public ChunkCipher(ContentKey contentKey) {
        this.key = new SecretKeySpec(contentKey.bytes(), "AES");
        this.commitment = contentKey.commitment();
    }

    /** For a buyer: refuses a key that is not the one the listing committed to. */
    public static ChunkCipher forListing(ContentKey contentKey, byte[] listingCommitment) throws ContentKeyException {
        if (!contentKey.matches(listingCommitment)) {
            throw new ContentKeyException("content key does not match the listing's commitment");
        }
        return new ChunkCipher(contentKey);
    }

    public byte[] encrypt(long chunkIndex, byte[] plaintext) {
        if (plaintext.length > MAX_CHUNK_BYTES) {
            throw new IllegalArgumentException("chunk larger than " + MAX_CHUNK_BYTES + " bytes");
        }
        try {
            return cipher(Cipher.ENCRYPT_MODE, chunkIndex).doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    public byte[] decrypt(long chunkIndex, byte[] ciphertext) throws ContentKeyException {
        if (ciphertext.length < TAG_BYTES || ciphertext.length > MAX_CHUNK_BYTES + TAG_BYTES) {
            throw new ContentKeyException("encrypted chunk must be " + TAG_BYTES + ".." + (MAX_CHUNK_BYTES + TAG_BYTES)
                    + " bytes, got " + ciphertext.length);
        }
        try {
            return cipher(Cipher.DECRYPT_MODE, chunkIndex).doFinal(ciphertext);
        } catch (AEADBadTagException e) {
            throw new ContentKeyException("chunk " + chunkIndex + " failed authentication (wrong key, index or data)");
        } catch (GeneralSecurityException e) {
            throw new ContentKeyException("chunk " + chunkIndex + " cannot be decrypted", e);
        }
    }

    private Cipher cipher(int mode, long chunkIndex) throws GeneralSecurityException {
        if (chunkIndex < 0) {
            throw new IllegalArgumentException("chunk index must not be negative");
        }
        byte[] nonce = ByteBuffer.allocate(12).putInt(0).putLong(chunkIndex).array();
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
        c.updateAAD(new CanonicalWriter().string(AAD_TAG).raw(commitment).i64(chunkIndex).toByteArray());
        return c;
    }
}

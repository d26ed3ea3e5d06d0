package io.grapevine.node.p2p.noise;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Noise CipherState (spec section 5.1) for ChaChaPoly: a key, a 64-bit message counter used as the nonce, and one
 * reused JDK {@code ChaCha20-Poly1305} Cipher re-initialised per message with the new nonce. Not thread-safe.
 */
final class CipherState {
    static final int KEY_LENGTH = 32;
    static final int TAG_LENGTH = 16;
    /** 2^64-1 as an unsigned long: Noise reserves it, so reaching it means the connection must end. */
    private static final long RESERVED_NONCE = -1L;

    private final Cipher cipher;
    private final byte[] nonceBytes = new byte[12];
    private SecretKeySpec key;
    private long nonce;

    CipherState() {
        try {
            cipher = Cipher.getInstance("ChaCha20-Poly1305");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 is not available in this JDK", e);
        }
    }

    void initializeKey(byte[] k) {
        if (k.length != KEY_LENGTH) {
            throw new IllegalArgumentException("ChaChaPoly key must be 32 bytes, got " + k.length);
        }
        key = new SecretKeySpec(k, "ChaCha20");
        nonce = 0;
    }

    boolean hasKey() {
        return key != null;
    }

    long nonce() {
        return nonce;
    }

    /** For tests of nonce exhaustion only; Noise's SetNonce. */
    void setNonce(long n) {
        nonce = n;
    }

    /** EncryptWithAd: returns ciphertext || tag, or the plaintext itself while no key is set (handshake only). */
    byte[] encryptWithAd(byte[] ad, byte[] plaintext) throws NoiseException {
        if (!hasKey()) {
            return plaintext.clone();
        }
        start(Cipher.ENCRYPT_MODE, ad);
        try {
            byte[] out = cipher.doFinal(plaintext);
            nonce++;
            return out;
        } catch (GeneralSecurityException e) {
            throw new NoiseException("ChaChaPoly encryption failed: " + e.getMessage(), e);
        }
    }

    /** DecryptWithAd: returns the plaintext, or the input itself while no key is set (handshake only). */
    byte[] decryptWithAd(byte[] ad, byte[] ciphertext) throws NoiseException {
        if (!hasKey()) {
            return ciphertext.clone();
        }
        if (ciphertext.length < TAG_LENGTH) {
            throw new NoiseException("ciphertext of " + ciphertext.length + " bytes is shorter than the 16-byte tag");
        }
        start(Cipher.DECRYPT_MODE, ad);
        try {
            byte[] out = cipher.doFinal(ciphertext);
            nonce++;
            return out;
        } catch (AEADBadTagException e) {
            throw new NoiseException("decryption failed: authentication tag mismatch", e);
        } catch (GeneralSecurityException e) {
            throw new NoiseException("ChaChaPoly decryption failed: " + e.getMessage(), e);
        }
    }

    /**
     * Transport encryption without associated data, from {@code length} plaintext bytes into {@code out}, which
     * needs length + 16 bytes; returns the bytes written. Arrays rather than ByteBuffers: the JDK's ChaCha20-Poly1305
     * works on arrays directly but copies direct buffers through small temporary arrays (measured ~40% slower).
     */
    int encrypt(byte[] in, int offset, int length, byte[] out, int outOffset) throws NoiseException {
        start(Cipher.ENCRYPT_MODE, null);
        try {
            int written = cipher.doFinal(in, offset, length, out, outOffset);
            nonce++;
            return written;
        } catch (GeneralSecurityException e) {
            throw new NoiseException("ChaChaPoly encryption failed: " + e.getMessage(), e);
        }
    }

    /**
     * Starts one transport message encrypted in pieces: {@link #encryptPart} for each piece of plaintext, then
     * {@link #finishMessage}. Lets a message be built from several buffers (a Yamux header and its payload, or
     * several small writes) without first copying them together. Nothing else may use this state meanwhile.
     */
    void beginMessage() throws NoiseException {
        start(Cipher.ENCRYPT_MODE, null);
    }

    /** Encrypts one piece of the open message into {@code out}; returns the bytes written there. */
    int encryptPart(byte[] in, int offset, int length, byte[] out, int outOffset) throws NoiseException {
        try {
            return cipher.update(in, offset, length, out, outOffset);
        } catch (GeneralSecurityException e) {
            throw new NoiseException("ChaChaPoly encryption failed: " + e.getMessage(), e);
        }
    }

    /** Ends the open message: writes what the cipher still held and the 16-byte tag; returns the bytes written. */
    int finishMessage(byte[] out, int outOffset) throws NoiseException {
        try {
            int written = cipher.doFinal(out, outOffset);
            nonce++;
            return written;
        } catch (GeneralSecurityException e) {
            throw new NoiseException("ChaChaPoly encryption failed: " + e.getMessage(), e);
        }
    }

    /** Transport decryption without associated data; {@code out} needs length - 16 bytes. Returns bytes written. */
    int decrypt(byte[] in, int offset, int length, byte[] out, int outOffset) throws NoiseException {
        if (length < TAG_LENGTH) {
            throw new NoiseException("transport message of " + length + " bytes is shorter than the 16-byte tag");
        }
        start(Cipher.DECRYPT_MODE, null);
        try {
            int written = cipher.doFinal(in, offset, length, out, outOffset);
            nonce++;
            return written;
        } catch (AEADBadTagException e) {
            throw new NoiseException("decryption failed: authentication tag mismatch at nonce "
                    + Long.toUnsignedString(nonce), e);
        } catch (GeneralSecurityException e) {
            throw new NoiseException("ChaChaPoly decryption failed: " + e.getMessage(), e);
        }
    }

    private void start(int mode, byte[] ad) throws NoiseException {
        if (!hasKey()) {
            throw new IllegalStateException("CipherState has no key");
        }
        if (nonce == RESERVED_NONCE) {
            throw new NoiseException("nonce exhausted: 2^64-1 messages sent with one key");
        }
        // nonce = 32 bits of zeros || 64-bit little-endian counter (ChaChaPoly in the Noise spec, section 12.3)
        long n = nonce;
        for (int i = 4; i < 12; i++) {
            nonceBytes[i] = (byte) n;
            n >>>= 8;
        }
        try {
            cipher.init(mode, key, new IvParameterSpec(nonceBytes));
        } catch (GeneralSecurityException e) {
            throw new NoiseException("cannot initialise ChaChaPoly: " + e.getMessage(), e);
        }
        if (ad != null && ad.length > 0) {
            cipher.updateAAD(ad);
        }
    }
}

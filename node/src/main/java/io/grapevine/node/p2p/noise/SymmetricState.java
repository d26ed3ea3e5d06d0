package io.grapevine.node.p2p.noise;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/** Noise SymmetricState (spec section 5.2) with SHA-256: chaining key ck, handshake hash h and a CipherState. */
final class SymmetricState {
    private final MessageDigest sha256;
    private final Hkdf hkdf = new Hkdf();
    private final CipherState cipherState = new CipherState();
    private byte[] chainingKey;
    private byte[] handshakeHash;

    SymmetricState(String protocolName) {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
        byte[] name = protocolName.getBytes(StandardCharsets.US_ASCII);
        if (name.length <= Hkdf.HASH_LENGTH) {
            handshakeHash = new byte[Hkdf.HASH_LENGTH];
            System.arraycopy(name, 0, handshakeHash, 0, name.length);
        } else {
            handshakeHash = sha256.digest(name);
        }
        chainingKey = handshakeHash.clone();
    }

    void mixKey(byte[] inputKeyMaterial) {
        byte[][] out = hkdf.derive(chainingKey, inputKeyMaterial, 2);
        chainingKey = out[0];
        cipherState.initializeKey(out[1]); // HASHLEN is 32, so temp_k needs no truncation
    }

    void mixHash(byte[] data) {
        sha256.update(handshakeHash);
        sha256.update(data);
        handshakeHash = sha256.digest();
    }

    byte[] encryptAndHash(byte[] plaintext) throws NoiseException {
        byte[] ciphertext = cipherState.encryptWithAd(handshakeHash, plaintext);
        mixHash(ciphertext);
        return ciphertext;
    }

    byte[] decryptAndHash(byte[] ciphertext) throws NoiseException {
        byte[] plaintext = cipherState.decryptWithAd(handshakeHash, ciphertext);
        mixHash(ciphertext);
        return plaintext;
    }

    boolean hasKey() {
        return cipherState.hasKey();
    }

    /** Split: the initiator-to-responder CipherState first, then responder-to-initiator. */
    CipherState[] split() {
        byte[][] out = hkdf.derive(chainingKey, new byte[0], 2);
        CipherState first = new CipherState();
        first.initializeKey(out[0]);
        CipherState second = new CipherState();
        second.initializeKey(out[1]);
        return new CipherState[] {first, second};
    }

    byte[] handshakeHash() {
        return handshakeHash.clone();
    }
}

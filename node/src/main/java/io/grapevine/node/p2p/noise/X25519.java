package io.grapevine.node.p2p.noise;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;

/** The Noise 25519 DH functions (spec section 12.1) on the JDK's XDH provider, with RFC 7748 raw public keys. */
final class X25519 {
    static final int KEY_LENGTH = 32;
    private static final byte[] BASE_POINT = basePoint();
    private static final BigInteger FIELD_PRIME = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

    /** A DH key pair; {@code publicKey} is the 32-byte RFC 7748 encoding sent on the wire. */
    record KeyPair(PrivateKey privateKey, byte[] publicKey) {}

    private X25519() {}

    static KeyPair generate() {
        try {
            java.security.KeyPair pair = KeyPairGenerator.getInstance("X25519").generateKeyPair();
            return new KeyPair(pair.getPrivate(), encode(((XECPublicKey) pair.getPublic()).getU()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 is not available in this JDK", e);
        }
    }

    /** A key pair from a fixed 32-byte private scalar (test vectors). */
    static KeyPair fromPrivate(byte[] scalar) {
        try {
            PrivateKey privateKey = KeyFactory.getInstance("XDH")
                    .generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar.clone()));
            return new KeyPair(privateKey, dh(privateKey, BASE_POINT));
        } catch (GeneralSecurityException | NoiseException e) {
            throw new IllegalArgumentException("not a usable X25519 private key", e);
        }
    }

    /** DH(privateKey, remotePublicKey): the 32-byte shared secret; rejects keys giving an all-zero output. */
    static byte[] dh(PrivateKey privateKey, byte[] remotePublicKey) throws NoiseException {
        if (remotePublicKey.length != KEY_LENGTH) {
            throw new NoiseException("X25519 public key must be 32 bytes, got " + remotePublicKey.length);
        }
        try {
            PublicKey remote = KeyFactory.getInstance("XDH")
                    .generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, decode(remotePublicKey)));
            KeyAgreement agreement = KeyAgreement.getInstance("X25519");
            agreement.init(privateKey);
            agreement.doPhase(remote, true);
            return agreement.generateSecret();
        } catch (GeneralSecurityException e) {
            // the JDK refuses small-order points (all-zero shared secret) here
            throw new NoiseException("invalid X25519 public key: " + e.getMessage(), e);
        }
    }

    /** RFC 7748 section 5: little-endian u-coordinate, top bit masked, non-canonical values reduced mod p. */
    private static BigInteger decode(byte[] encoded) {
        byte[] bigEndian = new byte[KEY_LENGTH];
        for (int i = 0; i < KEY_LENGTH; i++) {
            bigEndian[i] = encoded[KEY_LENGTH - 1 - i];
        }
        bigEndian[0] &= 0x7f;
        return new BigInteger(1, bigEndian).mod(FIELD_PRIME);
    }

    private static byte[] encode(BigInteger u) {
        byte[] bigEndian = u.toByteArray();
        byte[] out = new byte[KEY_LENGTH];
        for (int i = 0; i < KEY_LENGTH && i < bigEndian.length; i++) {
            out[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return out;
    }

    private static byte[] basePoint() {
        byte[] b = new byte[KEY_LENGTH];
        b[0] = 9;
        return b;
    }
}

package io.grapevine.market.contentkey;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;

/**
 * X25519 (RFC 7748) with raw 32-byte keys over the JDK's "XDH" provider, and the conversion from an Ed25519
 * identity to X25519 keys (the birational map), so a seller can seal a content key to a buyer knowing only the
 * buyer's Ed25519 peer id, and the buyer opens it with its identity seed.
 */
public final class X25519 {
    public static final int KEY_BYTES = 32;
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    private static final byte[] BASE_POINT = littleEndian(BigInteger.valueOf(9));

    private X25519() {
    }

    /** A fresh key pair: {@code [0]} the private scalar, {@code [1]} the public u-coordinate. */
    public static byte[][] generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("X25519");
            var kp = g.generateKeyPair();
            byte[] priv = ((XECPrivateKey) kp.getPrivate()).getScalar().orElseThrow();
            byte[] pub = littleEndian(((XECPublicKey) kp.getPublic()).getU());
            return new byte[][]{priv, pub};
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 unavailable", e);
        }
    }

    public static byte[] publicKey(byte[] privateKey) throws ContentKeyException {
        return agree(privateKey, BASE_POINT);
    }

    /** The shared secret; refuses an all-zero result (the peer sent a low-order point). */
    public static byte[] agree(byte[] privateKey, byte[] peerPublic) throws ContentKeyException {
        if (privateKey.length != KEY_BYTES || peerPublic.length != KEY_BYTES) {
            throw new ContentKeyException("X25519 keys are " + KEY_BYTES + " bytes");
        }
        try {
            KeyFactory kf = KeyFactory.getInstance("XDH");
            PrivateKey priv = kf.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, privateKey));
            byte[] u = peerPublic.clone();
            u[31] &= 0x7f; // RFC 7748: the top bit of the u-coordinate is ignored
            PublicKey pub = kf.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519,
                    new BigInteger(1, reverse(u))));
            KeyAgreement ka = KeyAgreement.getInstance("XDH");
            ka.init(priv);
            ka.doPhase(pub, true);
            byte[] shared = ka.generateSecret();
            if (MessageDigest.isEqual(shared, new byte[KEY_BYTES])) {
                throw new ContentKeyException("X25519 shared secret is zero (low-order public key)");
            }
            return shared;
        } catch (GeneralSecurityException e) {
            throw new ContentKeyException("X25519 agreement failed: " + e.getMessage(), e);
        }
    }

    /** X25519 public key of an Ed25519 public key: u = (1 + y) / (1 - y) mod p. */
    public static byte[] fromEd25519Public(byte[] ed25519Public) throws ContentKeyException {
        if (ed25519Public.length != 32) {
            throw new ContentKeyException("Ed25519 public keys are 32 bytes");
        }
        byte[] le = ed25519Public.clone();
        le[31] &= 0x7f; // drop the sign bit of x
        BigInteger y = new BigInteger(1, reverse(le));
        if (y.compareTo(P) >= 0 || y.equals(BigInteger.ONE)) {
            throw new ContentKeyException("not a usable Ed25519 public key");
        }
        BigInteger u = BigInteger.ONE.add(y).multiply(BigInteger.ONE.subtract(y).mod(P).modInverse(P)).mod(P);
        return littleEndian(u);
    }

    /** X25519 private key of an Ed25519 seed: the first half of SHA-512(seed) (clamped by X25519 itself). */
    public static byte[] fromEd25519Seed(byte[] seed) throws ContentKeyException {
        if (seed.length != 32) {
            throw new ContentKeyException("Ed25519 seeds are 32 bytes");
        }
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-512").digest(seed), 32);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-512 unavailable", e);
        }
    }

    private static byte[] littleEndian(BigInteger v) {
        byte[] be = v.toByteArray();
        byte[] out = new byte[KEY_BYTES];
        for (int i = 0; i < Math.min(be.length, KEY_BYTES); i++) {
            out[i] = be[be.length - 1 - i];
        }
        return out;
    }

    private static byte[] reverse(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }
}

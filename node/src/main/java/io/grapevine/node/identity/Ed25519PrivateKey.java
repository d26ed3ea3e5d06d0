package io.grapevine.node.identity;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** An Ed25519 signing key: the 32-byte seed and its public key. */
public final class Ed25519PrivateKey implements PrivateKey {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] seed;
    private final byte[] publicRaw;
    private final Ed25519PublicKey publicKey;

    private Ed25519PrivateKey(byte[] seed) {
        this.seed = seed;
        this.publicRaw = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(seed, 0, publicRaw, 0);
        this.publicKey = Ed25519PublicKey.fromRaw(publicRaw);
    }

    public static Ed25519PrivateKey generate() {
        byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
        Ed25519.generatePrivateKey(RANDOM, seed);
        return new Ed25519PrivateKey(seed);
    }

    public static Ed25519PrivateKey fromSeed(byte[] seed) {
        if (seed.length != Ed25519.SECRET_KEY_SIZE) {
            throw new KeyFormatException("Ed25519 seed must be 32 bytes, got " + seed.length);
        }
        return new Ed25519PrivateKey(seed.clone());
    }

    /**
     * Reads the protobuf {@code Data} of an Ed25519 private key: seed||public (64 bytes), or the older
     * seed||public||public (96 bytes). The public part must be the one the seed derives.
     */
    public static Ed25519PrivateKey fromRaw(byte[] data) {
        if (data.length != 64 && data.length != 96) {
            throw new KeyFormatException("Ed25519 private key must be 64 or 96 bytes, got " + data.length);
        }
        Ed25519PrivateKey key = fromSeed(Arrays.copyOfRange(data, 0, 32));
        for (int off = 32; off < data.length; off += 32) {
            if (!MessageDigest.isEqual(key.publicRaw, Arrays.copyOfRange(data, off, off + 32))) {
                throw new KeyFormatException("Ed25519 private key's public part does not match its seed");
            }
        }
        return key;
    }

    @Override
    public KeyType type() {
        return KeyType.ED25519;
    }

    @Override
    public byte[] sign(byte[] data) {
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        // Passing the public key saves deriving it again on every signature.
        Ed25519.sign(seed, 0, publicRaw, 0, data, 0, data.length, signature, 0);
        return signature;
    }

    @Override
    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

    /** seed||public, the 64-byte form libp2p writes. */
    @Override
    public byte[] marshal() {
        byte[] data = new byte[64];
        System.arraycopy(seed, 0, data, 0, 32);
        System.arraycopy(publicRaw, 0, data, 32, 32);
        try {
            return KeyProtobuf.marshalPrivate(KeyType.ED25519, data);
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "Ed25519PrivateKey[" + PeerId.fromPublicKey(publicKey) + "]";
    }
}

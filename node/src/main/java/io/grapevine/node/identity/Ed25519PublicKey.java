package io.grapevine.node.identity;

import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** An Ed25519 public key (32 bytes), verified with BouncyCastle's low-level RFC 8032 code. */
public final class Ed25519PublicKey implements PublicKey {
    private final byte[] raw;
    /** Decoded once: verification then skips point decompression. */
    private final Ed25519.PublicPoint point;

    private Ed25519PublicKey(byte[] raw, Ed25519.PublicPoint point) {
        this.raw = raw;
        this.point = point;
    }

    public static Ed25519PublicKey fromRaw(byte[] raw) {
        if (raw.length != Ed25519.PUBLIC_KEY_SIZE) {
            throw new KeyFormatException("Ed25519 public key must be 32 bytes, got " + raw.length);
        }
        Ed25519.PublicPoint point = Ed25519.validatePublicKeyPartialExport(raw, 0);
        if (point == null) {
            throw new KeyFormatException("Ed25519 public key is not a point on the curve");
        }
        return new Ed25519PublicKey(raw.clone(), point);
    }

    @Override
    public KeyType type() {
        return KeyType.ED25519;
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }

    @Override
    public boolean verify(byte[] data, byte[] signature) {
        if (signature == null || signature.length != Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        return Ed25519.verify(signature, 0, point, data, 0, data.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519PublicKey other && Arrays.equals(raw, other.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "Ed25519PublicKey[" + PeerId.fromPublicKey(this) + "]";
    }
}

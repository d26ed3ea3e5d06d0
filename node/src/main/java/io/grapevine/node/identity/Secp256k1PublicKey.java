package io.grapevine.node.identity;

import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECPoint;

/** A secp256k1 public key in Bitcoin's compressed 33-byte form; verification only. */
public final class Secp256k1PublicKey implements PublicKey {
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE);

    private final byte[] raw;
    private final ECPoint point;

    private Secp256k1PublicKey(byte[] raw, ECPoint point) {
        this.raw = raw;
        this.point = point;
    }

    public static Secp256k1PublicKey fromRaw(byte[] raw) {
        if (raw.length != 33 || (raw[0] != 0x02 && raw[0] != 0x03)) {
            throw new KeyFormatException("secp256k1 public key must be 33 bytes, compressed");
        }
        try {
            ECPoint point = CURVE.getCurve().decodePoint(raw);
            return new Secp256k1PublicKey(raw.clone(), point);
        } catch (IllegalArgumentException e) {
            throw new KeyFormatException("secp256k1 public key is not a point on the curve", e);
        }
    }

    @Override
    public KeyType type() {
        return KeyType.SECP256K1;
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }

    @Override
    public boolean verify(byte[] data, byte[] signature) {
        return EcdsaSignatures.verify(DOMAIN, point, data, signature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secp256k1PublicKey other && Arrays.equals(raw, other.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }
}

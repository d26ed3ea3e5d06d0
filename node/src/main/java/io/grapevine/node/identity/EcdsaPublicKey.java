package io.grapevine.node.identity;

import java.util.Arrays;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECPoint;

/** An ECDSA public key on P-256 in PKIX (SubjectPublicKeyInfo) DER; verification only, SHA-256. */
public final class EcdsaPublicKey implements PublicKey {
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("P-256");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE);
    /** A P-256 SubjectPublicKeyInfo is 91 bytes; this leaves room for compressed or explicit forms to be refused. */
    private static final int MAX_ENCODED_LENGTH = 256;

    private final byte[] raw;
    private final ECPoint point;

    private EcdsaPublicKey(byte[] raw, ECPoint point) {
        this.raw = raw;
        this.point = point;
    }

    public static EcdsaPublicKey fromRaw(byte[] der) {
        if (der.length > MAX_ENCODED_LENGTH) {
            throw new KeyFormatException("ECDSA public key too long: " + der.length + " bytes");
        }
        try {
            SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(der);
            ASN1ObjectIdentifier algorithm = info.getAlgorithm().getAlgorithm();
            if (!X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) {
                throw new KeyFormatException("not an EC public key: " + algorithm);
            }
            if (!SECObjectIdentifiers.secp256r1.equals(info.getAlgorithm().getParameters())) {
                throw new KeyFormatException("only P-256 ECDSA keys are supported");
            }
            ECPoint point = CURVE.getCurve().decodePoint(info.getPublicKeyData().getOctets());
            return new EcdsaPublicKey(der.clone(), point);
        } catch (KeyFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new KeyFormatException("invalid ECDSA public key", e);
        }
    }

    @Override
    public KeyType type() {
        return KeyType.ECDSA;
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
        return o instanceof EcdsaPublicKey other && Arrays.equals(raw, other.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }
}

package io.grapevine.node.identity;

import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.RSADigestSigner;

/** An RSA public key in PKIX DER; verifies RSASSA-PKCS1-v1_5 with SHA-256. Sizes 2048..8192 bits. */
public final class RsaPublicKey implements PublicKey {
    public static final int MIN_BITS = 2048;
    public static final int MAX_BITS = 8192;
    /** An 8192-bit key's SubjectPublicKeyInfo is about 1.05 KB. */
    static final int MAX_ENCODED_LENGTH = 1100;

    private final byte[] raw;
    private final RSAKeyParameters key;

    private RsaPublicKey(byte[] raw, RSAKeyParameters key) {
        this.raw = raw;
        this.key = key;
    }

    public static RsaPublicKey fromRaw(byte[] der) {
        if (der.length > MAX_ENCODED_LENGTH) {
            throw new KeyFormatException("RSA public key too long: " + der.length + " bytes");
        }
        try {
            ASN1Primitive.fromByteArray(der); // rejects trailing bytes before the structure is trusted
            SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(der);
            if (!PKCSObjectIdentifiers.rsaEncryption.equals(info.getAlgorithm().getAlgorithm())) {
                throw new KeyFormatException("not an RSA public key: " + info.getAlgorithm().getAlgorithm());
            }
            var rsa = org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(info.parsePublicKey());
            int bits = rsa.getModulus().bitLength();
            if (bits < MIN_BITS || bits > MAX_BITS) {
                throw new KeyFormatException("RSA key of " + bits + " bits; allowed " + MIN_BITS + ".." + MAX_BITS);
            }
            if (rsa.getPublicExponent().signum() <= 0 || !rsa.getPublicExponent().testBit(0)) {
                throw new KeyFormatException("invalid RSA public exponent");
            }
            return new RsaPublicKey(der.clone(), new RSAKeyParameters(false, rsa.getModulus(), rsa.getPublicExponent()));
        } catch (KeyFormatException e) {
            throw e;
        } catch (Exception e) {
            throw new KeyFormatException("invalid RSA public key", e);
        }
    }

    public int bits() {
        return key.getModulus().bitLength();
    }

    @Override
    public KeyType type() {
        return KeyType.RSA;
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }

    @Override
    public boolean verify(byte[] data, byte[] signature) {
        if (signature == null || signature.length > MAX_BITS / 8) {
            return false;
        }
        try {
            RSADigestSigner signer = new RSADigestSigner(new SHA256Digest());
            signer.init(false, key);
            signer.update(data, 0, data.length);
            return signer.verifySignature(signature);
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RsaPublicKey other && Arrays.equals(raw, other.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }
}

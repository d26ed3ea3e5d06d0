package io.grapevine.node.identity;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;

/** ECDSA verification shared by secp256k1 and P-256 keys: SHA-256 of the data, DER {@code SEQUENCE {r, s}}. */
final class EcdsaSignatures {
    /** A DER ECDSA signature over a 256-bit curve is at most 72 bytes. */
    private static final int MAX_SIGNATURE_LENGTH = 80;

    private EcdsaSignatures() {
    }

    static boolean verify(ECDomainParameters domain, ECPoint point, byte[] data, byte[] signature) {
        if (signature == null || signature.length > MAX_SIGNATURE_LENGTH) {
            return false;
        }
        BigInteger[] rs = decodeDer(signature);
        if (rs == null) {
            return false;
        }
        BigInteger n = domain.getN();
        for (BigInteger v : rs) {
            if (v.signum() <= 0 || v.compareTo(n) >= 0) {
                return false;
            }
        }
        SHA256Digest sha = new SHA256Digest();
        byte[] hash = new byte[sha.getDigestSize()];
        sha.update(data, 0, data.length);
        sha.doFinal(hash, 0);
        ECDSASigner signer = new ECDSASigner();
        signer.init(false, new ECPublicKeyParameters(point, domain));
        return signer.verifySignature(hash, rs[0], rs[1]);
    }

    /** Strict DER only: the signature must re-encode to exactly the bytes given. */
    private static BigInteger[] decodeDer(byte[] signature) {
        try {
            ASN1Primitive primitive = ASN1Primitive.fromByteArray(signature);
            if (!(primitive instanceof ASN1Sequence seq) || seq.size() != 2
                    || !(seq.getObjectAt(0) instanceof ASN1Integer r)
                    || !(seq.getObjectAt(1) instanceof ASN1Integer s)
                    || !Arrays.equals(seq.getEncoded(ASN1Encoding.DER), signature)) {
                return null;
            }
            return new BigInteger[] {r.getValue(), s.getValue()};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}

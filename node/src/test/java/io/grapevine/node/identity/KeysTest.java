package io.grapevine.node.identity;

import static io.grapevine.node.identity.SpecVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.RSADigestSigner;
import org.junit.jupiter.api.Test;

class KeysTest {
    private static final byte[] MESSAGE = "libp2p signed message".getBytes(StandardCharsets.UTF_8);

    @Test
    void ed25519VectorDerivesItsPublicKey() {
        PrivateKey key = PrivateKeys.unmarshal(SpecVectors.ED25519_PRIVATE);
        assertThat(key.type()).isEqualTo(KeyType.ED25519);
        assertThat(key.publicKey().marshal()).isEqualTo(SpecVectors.ED25519_PUBLIC);
        assertThat(key.marshal()).isEqualTo(SpecVectors.ED25519_PRIVATE);
        PublicKey pub = PublicKeys.unmarshal(SpecVectors.ED25519_PUBLIC);
        assertThat(pub).isEqualTo(key.publicKey());
        assertThat(pub.verify(MESSAGE, key.sign(MESSAGE))).isTrue();
    }

    @Test
    void ed25519Rfc8032Test1() {
        // RFC 8032 section 7.1, TEST 1: empty message.
        Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(
                hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        assertThat(key.publicKey().raw())
                .isEqualTo(hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
        byte[] sig = key.sign(new byte[0]);
        assertThat(sig).isEqualTo(hex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"));
        assertThat(key.publicKey().verify(new byte[0], sig)).isTrue();
    }

    @Test
    void ed25519RejectsTamperingAndBadKeys() {
        Ed25519PrivateKey key = Ed25519PrivateKey.generate();
        byte[] sig = key.sign(MESSAGE);
        PublicKey pub = key.publicKey();
        byte[] tampered = sig.clone();
        tampered[10] ^= 1;
        byte[] otherMessage = MESSAGE.clone();
        otherMessage[0] ^= 1;
        assertThat(pub.verify(MESSAGE, tampered)).isFalse();
        assertThat(pub.verify(otherMessage, sig)).isFalse();
        assertThat(pub.verify(MESSAGE, Arrays.copyOf(sig, 63))).isFalse();
        assertThat(pub.verify(MESSAGE, null)).isFalse();
        assertThat(Ed25519PrivateKey.generate().publicKey().verify(MESSAGE, sig)).isFalse();
        assertThatThrownBy(() -> Ed25519PublicKey.fromRaw(new byte[31])).isInstanceOf(KeyFormatException.class);
        // y = 2 has no x on the curve: not a valid point encoding.
        byte[] notOnCurve = new byte[32];
        notOnCurve[0] = 2;
        assertThatThrownBy(() -> Ed25519PublicKey.fromRaw(notOnCurve)).hasMessageContaining("curve");
    }

    @Test
    void ed25519PrivateKeyForms() {
        byte[] data = Arrays.copyOfRange(SpecVectors.ED25519_PRIVATE, 4, 68);
        byte[] legacy = new byte[96];
        System.arraycopy(data, 0, legacy, 0, 64);
        System.arraycopy(data, 32, legacy, 64, 32);
        assertThat(Ed25519PrivateKey.fromRaw(legacy).publicKey().marshal()).isEqualTo(SpecVectors.ED25519_PUBLIC);
        legacy[95] ^= 1;
        assertThatThrownBy(() -> Ed25519PrivateKey.fromRaw(legacy)).hasMessageContaining("does not match");
        data[63] ^= 1;
        assertThatThrownBy(() -> Ed25519PrivateKey.fromRaw(data)).hasMessageContaining("does not match");
        assertThatThrownBy(() -> Ed25519PrivateKey.fromRaw(new byte[32])).hasMessageContaining("64 or 96");
    }

    @Test
    void secp256k1VectorVerifiesSignaturesOfItsPrivateKey() {
        PublicKey pub = PublicKeys.unmarshal(SpecVectors.SECP256K1_PUBLIC);
        assertThat(pub.type()).isEqualTo(KeyType.SECP256K1);
        assertThat(pub.marshal()).isEqualTo(SpecVectors.SECP256K1_PUBLIC);
        BigInteger d = new BigInteger(1, Arrays.copyOfRange(SpecVectors.SECP256K1_PRIVATE, 4, 36));
        ECDomainParameters domain = new ECDomainParameters(CustomNamedCurves.getByName("secp256k1"));
        assertThat(domain.getG().multiply(d).normalize().getEncoded(true)).isEqualTo(pub.raw());
        checkEcdsa(pub, domain, d);
    }

    @Test
    void ecdsaVectorVerifiesSignaturesOfItsPrivateKey() {
        PublicKey pub = PublicKeys.unmarshal(SpecVectors.ECDSA_PUBLIC);
        assertThat(pub.type()).isEqualTo(KeyType.ECDSA);
        assertThat(pub.marshal()).isEqualTo(SpecVectors.ECDSA_PUBLIC);
        byte[] sec1 = Arrays.copyOfRange(SpecVectors.ECDSA_PRIVATE, 4, SpecVectors.ECDSA_PRIVATE.length);
        BigInteger d = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(sec1).getKey();
        checkEcdsa(pub, new ECDomainParameters(CustomNamedCurves.getByName("P-256")), d);
    }

    private static void checkEcdsa(PublicKey pub, ECDomainParameters domain, BigInteger d) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(d, domain));
        BigInteger[] rs = signer.generateSignature(sha256(MESSAGE));
        byte[] der = der(rs[0], rs[1]);
        assertThat(pub.verify(MESSAGE, der)).isTrue();
        byte[] otherMessage = MESSAGE.clone();
        otherMessage[3] ^= 1;
        assertThat(pub.verify(otherMessage, der)).isFalse();
        assertThat(pub.verify(MESSAGE, der(rs[0], rs[1].add(BigInteger.ONE)))).isFalse();
        assertThat(pub.verify(MESSAGE, der(rs[0], domain.getN().add(rs[1])))).isFalse();
        assertThat(pub.verify(MESSAGE, new byte[] {0x30, 0x00})).isFalse();
        assertThat(pub.verify(MESSAGE, Arrays.copyOf(der, der.length + 1))).isFalse();
        assertThat(pub.verify(MESSAGE, new byte[200])).isFalse();
        // BER long-form length instead of DER's short form: same numbers, rejected as non-canonical.
        byte[] ber = new byte[der.length + 1];
        ber[0] = 0x30;
        ber[1] = (byte) 0x81;
        ber[2] = der[1];
        System.arraycopy(der, 2, ber, 3, der.length - 2);
        assertThat(pub.verify(MESSAGE, ber)).isFalse();
    }

    @Test
    void rsaVectorVerifiesSignaturesOfItsPrivateKey() throws Exception {
        PublicKey pub = PublicKeys.unmarshal(SpecVectors.RSA_PUBLIC);
        assertThat(pub.type()).isEqualTo(KeyType.RSA);
        assertThat(((RsaPublicKey) pub).bits()).isEqualTo(4096);
        assertThat(pub.marshal()).isEqualTo(SpecVectors.RSA_PUBLIC);
        byte[] pkcs1 = Arrays.copyOfRange(SpecVectors.RSA_PRIVATE, 5, SpecVectors.RSA_PRIVATE.length);
        var k = org.bouncycastle.asn1.pkcs.RSAPrivateKey.getInstance(pkcs1);
        RSADigestSigner signer = new RSADigestSigner(new SHA256Digest());
        signer.init(true, new RSAPrivateCrtKeyParameters(k.getModulus(), k.getPublicExponent(),
                k.getPrivateExponent(), k.getPrime1(), k.getPrime2(), k.getExponent1(), k.getExponent2(),
                k.getCoefficient()));
        signer.update(MESSAGE, 0, MESSAGE.length);
        byte[] sig = signer.generateSignature();
        assertThat(pub.verify(MESSAGE, sig)).isTrue();
        sig[100] ^= 1;
        assertThat(pub.verify(MESSAGE, sig)).isFalse();
        assertThat(pub.verify(MESSAGE, new byte[3])).isFalse();
        assertThat(pub.verify(MESSAGE, new byte[5000])).isFalse();
    }

    @Test
    void rsaKeySizeLimits() throws Exception {
        var gen = java.security.KeyPairGenerator.getInstance("RSA");
        gen.initialize(1024);
        byte[] small = gen.generateKeyPair().getPublic().getEncoded();
        assertThatThrownBy(() -> RsaPublicKey.fromRaw(small)).hasMessageContaining("1024 bits");
        assertThatThrownBy(() -> RsaPublicKey.fromRaw(new byte[2000])).hasMessageContaining("too long");
        byte[] rsaDer = Arrays.copyOfRange(SpecVectors.RSA_PUBLIC, 5, SpecVectors.RSA_PUBLIC.length);
        assertThatThrownBy(() -> RsaPublicKey.fromRaw(Arrays.copyOf(rsaDer, rsaDer.length + 1)))
                .isInstanceOf(KeyFormatException.class);
        assertThatThrownBy(() -> RsaPublicKey.fromRaw(Arrays.copyOf(rsaDer, 100)))
                .isInstanceOf(KeyFormatException.class);
    }

    @Test
    void ecdsaRefusesOtherCurves() throws Exception {
        var gen = java.security.KeyPairGenerator.getInstance("EC");
        gen.initialize(new java.security.spec.ECGenParameterSpec("secp384r1"));
        byte[] p384 = gen.generateKeyPair().getPublic().getEncoded();
        assertThatThrownBy(() -> EcdsaPublicKey.fromRaw(p384)).hasMessageContaining("P-256");
        byte[] der = Arrays.copyOfRange(SpecVectors.ECDSA_PUBLIC, 4, SpecVectors.ECDSA_PUBLIC.length);
        der[der.length - 1] ^= 1; // point moved off the curve
        assertThatThrownBy(() -> EcdsaPublicKey.fromRaw(der)).isInstanceOf(KeyFormatException.class);
    }

    @Test
    void secp256k1RefusesBadEncodings() {
        byte[] raw = Arrays.copyOfRange(SpecVectors.SECP256K1_PUBLIC, 4, 37);
        assertThatThrownBy(() -> Secp256k1PublicKey.fromRaw(Arrays.copyOf(raw, 32))).hasMessageContaining("33 bytes");
        byte[] badPrefix = raw.clone();
        badPrefix[0] = 0x04;
        assertThatThrownBy(() -> Secp256k1PublicKey.fromRaw(badPrefix)).isInstanceOf(KeyFormatException.class);
        byte[] notOnCurve = new byte[33];
        notOnCurve[0] = 0x02;
        notOnCurve[32] = 5; // x = 5: x^3 + 7 = 132 is not a square mod p
        assertThatThrownBy(() -> Secp256k1PublicKey.fromRaw(notOnCurve)).isInstanceOf(KeyFormatException.class);
    }

    @Test
    void unmarshalRejectsBadProtobufs() {
        byte[] good = SpecVectors.ED25519_PUBLIC;
        // Fields swapped: the same key, but not the deterministic encoding.
        byte[] swapped = new byte[good.length];
        System.arraycopy(good, 2, swapped, 0, good.length - 2);
        swapped[good.length - 2] = 0x08;
        swapped[good.length - 1] = 0x01;
        assertThatThrownBy(() -> PublicKeys.unmarshal(swapped)).hasMessageContaining("deterministic");
        // An extra unknown field.
        byte[] extra = Arrays.copyOf(good, good.length + 2);
        extra[good.length] = 0x18;
        extra[good.length + 1] = 0x01;
        assertThatThrownBy(() -> PublicKeys.unmarshal(extra)).hasMessageContaining("deterministic");
        // Unknown key type 9.
        byte[] unknownType = good.clone();
        unknownType[1] = 9;
        assertThatThrownBy(() -> PublicKeys.unmarshal(unknownType)).isInstanceOf(KeyFormatException.class);
        assertThatThrownBy(() -> PublicKeys.unmarshal(Arrays.copyOf(good, 20))).isInstanceOf(KeyFormatException.class);
        assertThatThrownBy(() -> PublicKeys.unmarshal(new byte[0])).isInstanceOf(KeyFormatException.class);
        assertThatThrownBy(() -> PublicKeys.unmarshal(new byte[] {0x08, 0x01})).isInstanceOf(KeyFormatException.class);
        assertThatThrownBy(() -> PublicKeys.unmarshal(new byte[5000])).hasMessageContaining("longer");
        assertThatThrownBy(() -> PrivateKeys.unmarshal(SpecVectors.SECP256K1_PRIVATE)).hasMessageContaining("only Ed25519");
        assertThatThrownBy(() -> PrivateKeys.unmarshal(SpecVectors.ED25519_PUBLIC)).isInstanceOf(KeyFormatException.class);
    }

    private static byte[] sha256(byte[] data) {
        SHA256Digest sha = new SHA256Digest();
        byte[] out = new byte[32];
        sha.update(data, 0, data.length);
        sha.doFinal(out, 0);
        return out;
    }

    private static byte[] der(BigInteger r, BigInteger s) {
        try {
            ASN1EncodableVector v = new ASN1EncodableVector();
            v.add(new ASN1Integer(r));
            v.add(new ASN1Integer(s));
            return new DERSequence(v).getEncoded();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}

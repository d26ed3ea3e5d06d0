package io.grapevine.market.testing;

import io.grapevine.market.signature.SignatureVerifier;
import io.grapevine.market.signature.Signer;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;

/** Ed25519 on the JDK; the "marshalled" public key is its X.509 encoding (opaque to the market module anyway). */
public final class TestSigner implements Signer {
    public static final SignatureVerifier VERIFIER = (publicKey, message, signature) -> {
        try {
            Signature v = Signature.getInstance("Ed25519");
            v.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(publicKey)));
            v.update(message);
            return v.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    };

    private final KeyPair pair;

    public TestSigner() {
        try {
            pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public byte[] publicKey() {
        return pair.getPublic().getEncoded();
    }

    @Override
    public byte[] sign(byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(pair.getPrivate());
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

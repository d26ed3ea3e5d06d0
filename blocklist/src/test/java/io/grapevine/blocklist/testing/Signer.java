package io.grapevine.blocklist.testing;

import io.grapevine.blocklist.record.InvalidSignatureException;
import io.grapevine.blocklist.record.SignatureVerifier;
import io.grapevine.blocklist.record.SignedRecord;
import io.grapevine.blocklist.record.Verified;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test key whose "signature" is HMAC-SHA256 under a secret the verifier looks up by public key. Bulk tests need
 * thousands of signed records and the JDK's Ed25519 costs milliseconds per operation on these shared machines;
 * {@code VerifiedTest} checks the same path with real Ed25519 signatures.
 */
public final class Signer {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ConcurrentHashMap<String, byte[]> SECRETS = new ConcurrentHashMap<>();

    public static final SignatureVerifier VERIFIER = (publicKey, message, signature) -> {
        byte[] secret = SECRETS.get(Arrays.toString(publicKey));
        return secret != null && java.security.MessageDigest.isEqual(mac(secret, message), signature);
    };

    private final byte[] publicKey = new byte[36];
    private final byte[] secret = new byte[32];

    private Signer() {
        RANDOM.nextBytes(publicKey);
        RANDOM.nextBytes(secret);
        SECRETS.put(Arrays.toString(publicKey), secret);
    }

    public static Signer generate() {
        return new Signer();
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    public byte[] sign(byte[] message) {
        return mac(secret, message);
    }

    private static byte[] mac(byte[] secret, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public <R extends SignedRecord> Verified<R> verified(R record) {
        try {
            return Verified.check(record, sign(record.signingBytes()), VERIFIER);
        } catch (InvalidSignatureException e) {
            throw new AssertionError("signed by another key than the record's signer", e);
        }
    }
}

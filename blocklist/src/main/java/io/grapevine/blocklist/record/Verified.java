package io.grapevine.blocklist.record;

import java.util.Objects;

/**
 * A record whose signature has been checked. The only way in is {@link #check}, so the tally and lists never see
 * an unverified record by accident.
 */
public final class Verified<R extends SignedRecord> {
    private static final int MAX_SIGNATURE = 1024;

    private final R record;
    private final byte[] signature;

    private Verified(R record, byte[] signature) {
        this.record = record;
        this.signature = signature;
    }

    public static <R extends SignedRecord> Verified<R> check(R record, byte[] signature, SignatureVerifier verifier)
            throws InvalidSignatureException {
        Objects.requireNonNull(record, "record");
        if (signature == null || signature.length == 0 || signature.length > MAX_SIGNATURE) {
            throw new InvalidSignatureException("signature missing or longer than " + MAX_SIGNATURE + " bytes");
        }
        if (!verifier.verify(record.signerKey(), record.signingBytes(), signature)) {
            throw new InvalidSignatureException("signature does not verify for " + record.getClass().getSimpleName());
        }
        return new Verified<>(record, signature.clone());
    }

    public R record() {
        return record;
    }

    public byte[] signature() {
        return signature.clone();
    }
}

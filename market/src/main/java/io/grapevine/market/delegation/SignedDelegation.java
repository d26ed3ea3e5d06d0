package io.grapevine.market.delegation;

import io.grapevine.market.codec.CanonicalReader;
import io.grapevine.market.codec.CanonicalWriter;
import io.grapevine.market.codec.MalformedRecordException;
import io.grapevine.market.signature.SignatureVerifier;
import io.grapevine.market.signature.Signer;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * A {@link Delegation} with the seller's signature over its signing bytes. Encoded as
 * {@code bytes signingBytes || bytes signature}.
 */
public record SignedDelegation(Delegation delegation, byte[] signature) {
    public static final int MAX_SIGNATURE_BYTES = 1024;
    public static final int MAX_ENCODED_BYTES = 400_000;
    /** Clock skew allowed between seller and verifier. */
    public static final Duration SKEW = Duration.ofMinutes(5);

    public SignedDelegation {
        signature = signature.clone();
    }

    public static SignedDelegation sign(Delegation delegation, Signer seller) {
        if (!Arrays.equals(seller.publicKey(), delegation.sellerKey())) {
            throw new IllegalArgumentException("only the seller named in a delegation signs it");
        }
        return new SignedDelegation(delegation, seller.sign(delegation.signingBytes()));
    }

    /**
     * Checks that this delegation, signed by {@code sellerKey}, lets {@code resellerKey} sell {@code listingId} at
     * time {@code at}; throws with the precise reason otherwise.
     */
    public Delegation verify(SignatureVerifier verifier, byte[] sellerKey, byte[] resellerKey, String listingId,
                             Instant at) throws DelegationRefusedException {
        Delegation d = delegation;
        if (!verifier.verify(d.sellerKey(), d.signingBytes(), signature)) {
            throw new DelegationRefusedException(DelegationRefusal.FORGED, "signature does not verify");
        }
        if (!Arrays.equals(d.sellerKey(), sellerKey)) {
            throw new DelegationRefusedException(DelegationRefusal.WRONG_SELLER, "delegation is from another seller");
        }
        if (!Arrays.equals(d.resellerKey(), resellerKey)) {
            throw new DelegationRefusedException(DelegationRefusal.WRONG_RESELLER, "delegation names another reseller");
        }
        if (!d.listingIds().contains(listingId)) {
            throw new DelegationRefusedException(DelegationRefusal.LISTING_NOT_COVERED, "listing " + listingId
                    + " is not delegated");
        }
        if (at.isAfter(d.expiresAt())) {
            throw new DelegationRefusedException(DelegationRefusal.EXPIRED, "expired at " + d.expiresAt()
                    + ", checked at " + at);
        }
        if (d.issuedAt().isAfter(at.plus(SKEW))) {
            throw new DelegationRefusedException(DelegationRefusal.NOT_YET_VALID, "issued at " + d.issuedAt()
                    + ", checked at " + at);
        }
        return d;
    }

    public byte[] encode() {
        return new CanonicalWriter().bytes(delegation.signingBytes()).bytes(signature).toByteArray();
    }

    public static SignedDelegation decode(byte[] data) throws MalformedRecordException {
        if (data.length > MAX_ENCODED_BYTES) {
            throw new MalformedRecordException("delegation larger than " + MAX_ENCODED_BYTES + " bytes");
        }
        CanonicalReader outer = new CanonicalReader(data);
        byte[] body = outer.bytes(1, MAX_ENCODED_BYTES);
        byte[] sig = outer.bytes(1, MAX_SIGNATURE_BYTES);
        outer.end();
        CanonicalReader r = new CanonicalReader(body);
        Delegation d = Delegation.read(r);
        r.end();
        return new SignedDelegation(d, sig);
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedDelegation s && s.delegation.equals(delegation)
                && Arrays.equals(s.signature, signature);
    }

    @Override
    public int hashCode() {
        return delegation.hashCode();
    }
}

package io.grapevine.market.license;

import io.grapevine.market.codec.CanonicalReader;
import io.grapevine.market.codec.CanonicalWriter;
import io.grapevine.market.codec.MalformedRecordException;
import io.grapevine.market.delegation.DelegationRefusedException;
import io.grapevine.market.delegation.SignedDelegation;
import io.grapevine.market.signature.SignatureVerifier;

import java.time.Instant;
import java.util.Arrays;

/**
 * A {@link License} with its issuer's signature. Encoded as {@code bytes signingBytes || bytes signature}, at most
 * {@link #MAX_ENCODED_BYTES}.
 */
public record SignedLicense(License license, byte[] signature) {
    public static final int MAX_ENCODED_BYTES = 512_000;

    public SignedLicense {
        signature = signature.clone();
    }

    /**
     * Checks that this license entitles {@code presentingPeer} (as proven by the connection's handshake) to
     * {@code listingId} of the seller {@code sellerKey} at {@code now}. A reseller's license is judged with its
     * delegation as of the license's issue time, so licenses sold while the delegation held stay valid after it
     * ends. Throws with the precise reason otherwise.
     */
    public License verify(SignatureVerifier verifier, byte[] presentingPeer, String listingId, byte[] sellerKey,
                          Instant now) throws LicenseRefusedException {
        License l = license;
        if (!verifier.verify(l.issuerKey(), l.signingBytes(), signature)) {
            throw new LicenseRefusedException(LicenseRefusal.FORGED, "signature does not verify under its issuer");
        }
        if (!Arrays.equals(l.sellerKey(), sellerKey)) {
            throw new LicenseRefusedException(LicenseRefusal.WRONG_SELLER, "license names another seller");
        }
        if (!l.listingId().equals(listingId)) {
            throw new LicenseRefusedException(LicenseRefusal.WRONG_LISTING, "license is for listing "
                    + l.listingId());
        }
        if (!Arrays.equals(l.buyerPeerId(), presentingPeer)) {
            throw new LicenseRefusedException(LicenseRefusal.WRONG_BUYER, "license belongs to another peer");
        }
        if (now.isAfter(l.expiresAt())) {
            throw new LicenseRefusedException(LicenseRefusal.EXPIRED, "expired at " + l.expiresAt());
        }
        if (l.issuedAt().isAfter(now.plus(SignedDelegation.SKEW))) {
            throw new LicenseRefusedException(LicenseRefusal.NOT_YET_VALID, "issued at " + l.issuedAt());
        }
        if (l.delegation().isPresent()) { // License guarantees: present exactly when the issuer is not the seller
            try {
                l.delegation().get().verify(verifier, sellerKey, l.issuerKey(), listingId, l.issuedAt());
            } catch (DelegationRefusedException e) {
                throw new LicenseRefusedException(LicenseRefusal.DELEGATION_REFUSED, e.reason(), e.getMessage());
            }
        }
        return l;
    }

    public byte[] encode() {
        return new CanonicalWriter().bytes(license.signingBytes()).bytes(signature).toByteArray();
    }

    public static SignedLicense decode(byte[] data) throws MalformedRecordException {
        if (data.length > MAX_ENCODED_BYTES) {
            throw new MalformedRecordException("license larger than " + MAX_ENCODED_BYTES + " bytes");
        }
        CanonicalReader outer = new CanonicalReader(data);
        byte[] body = outer.bytes(1, MAX_ENCODED_BYTES);
        byte[] sig = outer.bytes(1, SignedDelegation.MAX_SIGNATURE_BYTES);
        outer.end();
        CanonicalReader r = new CanonicalReader(body);
        License l = License.read(r);
        r.end();
        return new SignedLicense(l, sig);
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedLicense s && s.license.equals(license) && Arrays.equals(s.signature, signature);
    }

    @Override
    public int hashCode() {
        return license.hashCode();
    }
}

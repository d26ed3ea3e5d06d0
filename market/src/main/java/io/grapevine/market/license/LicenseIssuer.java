package io.grapevine.market.license;

import io.grapevine.market.contentkey.ContentKey;
import io.grapevine.market.contentkey.ContentKeyException;
import io.grapevine.market.contentkey.KeySealer;
import io.grapevine.market.delegation.DelegationRefusedException;
import io.grapevine.market.delegation.SignedDelegation;
import io.grapevine.market.listing.Listing;
import io.grapevine.market.order.Order;
import io.grapevine.market.payment.Verdict;
import io.grapevine.market.signature.SignatureVerifier;
import io.grapevine.market.signature.Signer;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Issues a license once a payment verdict for the order is ACCEPTED: as the seller, or as a reseller under a
 * delegation that holds now. Seals the content key to the buyer's X25519 key.
 */
public final class LicenseIssuer {
    private final Signer signer;
    private final SignatureVerifier verifier;
    private final Optional<SignedDelegation> delegation;

    /** {@code delegation} empty when {@code signer} is the seller itself. */
    public LicenseIssuer(Signer signer, SignatureVerifier verifier, Optional<SignedDelegation> delegation) {
        this.signer = signer;
        this.verifier = verifier;
        this.delegation = delegation;
    }

    public SignedLicense issue(Listing listing, Order order, Verdict verdict, ContentKey key, byte[] buyerX25519Public,
                               Instant now, Instant expiresAt) throws ContentKeyException, DelegationRefusedException {
        if (!verdict.accepted() || !verdict.orderId().equals(order.orderId())) {
            throw new IllegalArgumentException("a license needs an ACCEPTED verdict for this order: " + verdict);
        }
        if (!order.listingId().equals(listing.listingId())) {
            throw new IllegalArgumentException("order is for another listing");
        }
        if (!key.matches(listing.contentKeyCommitment())) {
            throw new IllegalArgumentException("content key is not the listing's");
        }
        byte[] issuer = signer.publicKey();
        if (!Arrays.equals(issuer, listing.sellerKey())) {
            if (delegation.isEmpty()) {
                throw new IllegalStateException("a reseller needs the seller's delegation");
            }
            delegation.get().verify(verifier, listing.sellerKey(), issuer, listing.listingId(), now);
        }
        byte[] sealed = KeySealer.seal(key, buyerX25519Public,
                License.sealContext(listing.listingId(), order.orderId(), order.buyerPeerId()));
        License license = new License(issuer, listing.sellerKey(), listing.listingId(), order.orderId(),
                order.buyerPeerId(), HexFormat.of().parseHex(verdict.txid()), verdict.paidSats(), now, expiresAt,
                sealed, Arrays.equals(issuer, listing.sellerKey()) ? Optional.empty() : delegation);
        return new SignedLicense(license, signer.sign(license.signingBytes()));
    }
}

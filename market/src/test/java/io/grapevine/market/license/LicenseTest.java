package io.grapevine.market.license;

import io.grapevine.market.chain.MarketNetwork;
import io.grapevine.market.codec.MalformedRecordException;
import io.grapevine.market.contentkey.ChunkCipher;
import io.grapevine.market.contentkey.ContentKey;
import io.grapevine.market.contentkey.KeySealer;
import io.grapevine.market.contentkey.X25519;
import io.grapevine.market.delegation.Delegation;
import io.grapevine.market.delegation.DelegationRefusal;
import io.grapevine.market.delegation.DelegationRefusedException;
import io.grapevine.market.delegation.SignedDelegation;
import io.grapevine.market.listing.Listing;
import io.grapevine.market.listing.Payout;
import io.grapevine.market.order.Order;
import io.grapevine.market.payment.RefusalReason;
import io.grapevine.market.payment.Verdict;
import io.grapevine.market.testing.Fixtures;
import io.grapevine.market.testing.TestSigner;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LicenseTest {
    private static final String TXID = "ab".repeat(32);
    private final TestSigner seller = new TestSigner();
    private final TestSigner reseller = new TestSigner();
    private final ContentKey key = ContentKey.generate();
    private final Listing listing = new Listing("bafk-paid-film", seller.publicKey(), 10_000,
            Payout.parse(Fixtures.sellerTpub(), MarketNetwork.REGTEST), key.commitment());
    private final byte[] buyer = Fixtures.buyer("alice");
    private final byte[][] buyerX = X25519.generate();
    private final Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
    private final Order order = Order.create(listing, listing.payout(), buyer, 3, t0, Duration.ofHours(1));
    private final Verdict paid = Verdict.accepted(order.orderId(), TXID, 10_000, "00".repeat(32), 3);

    private SignedLicense sellerLicense() throws Exception {
        return new LicenseIssuer(seller, TestSigner.VERIFIER, Optional.empty())
                .issue(listing, order, paid, key, buyerX[1], t0, License.NEVER);
    }

    private LicenseRefusedException refusal(SignedLicense l, byte[] peer, String listingId, Instant now) {
        try {
            l.verify(TestSigner.VERIFIER, peer, listingId, seller.publicKey(), now);
            throw new AssertionError("license was accepted");
        } catch (LicenseRefusedException e) {
            return e;
        }
    }

    @Test
    void theBuyerGetsAVerifiableLicenseAndTheContentKey() throws Exception {
        SignedLicense signed = sellerLicense();
        License l = signed.verify(TestSigner.VERIFIER, buyer, listing.listingId(), seller.publicKey(), t0);
        assertThat(l.txidHex()).isEqualTo(TXID);
        ContentKey opened = KeySealer.open(l.sealedContentKey(), buyerX[0], l.sealContext());
        byte[] chunk = new ChunkCipher(key).encrypt(0, "frame".getBytes());
        assertThat(ChunkCipher.forListing(opened, listing.contentKeyCommitment()).decrypt(0, chunk))
                .isEqualTo("frame".getBytes());
    }

    @Test
    void onlyAnAcceptedVerdictForThisOrderIssues() {
        LicenseIssuer issuer = new LicenseIssuer(seller, TestSigner.VERIFIER, Optional.empty());
        Verdict refused = Verdict.refused(order.orderId(), RefusalReason.UNDERPAID, "short");
        assertThatThrownBy(() -> issuer.issue(listing, order, refused, key, buyerX[1], t0, License.NEVER))
                .isInstanceOf(IllegalArgumentException.class);
        Order other = Order.create(listing, listing.payout(), buyer, 4, t0, Duration.ofHours(1));
        assertThatThrownBy(() -> issuer.issue(listing, other, paid, key, buyerX[1], t0, License.NEVER))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aForgedLicenseIsRefused() throws Exception {
        SignedLicense good = sellerLicense();
        byte[] sig = good.signature();
        sig[5] ^= 1;
        assertThat(refusal(new SignedLicense(good.license(), sig), buyer, listing.listingId(), t0).reason())
                .isEqualTo(LicenseRefusal.FORGED);
        // A peer writes itself a license in the seller's name: signed with its own key, it does not verify.
        License mine = good.license();
        License forged = new License(mine.issuerKey(), mine.sellerKey(), mine.listingId(), mine.orderId(),
                Fixtures.buyer("mallory"), mine.txid(), mine.paidSats(), mine.issuedAt(), mine.expiresAt(),
                mine.sealedContentKey(), Optional.empty());
        SignedLicense selfSigned = new SignedLicense(forged, new TestSigner().sign(forged.signingBytes()));
        assertThat(refusal(selfSigned, Fixtures.buyer("mallory"), listing.listingId(), t0).reason())
                .isEqualTo(LicenseRefusal.FORGED);
    }

    @Test
    void aTransferredLicenseIsRefused() throws Exception {
        assertThat(refusal(sellerLicense(), Fixtures.buyer("bob"), listing.listingId(), t0).reason())
                .isEqualTo(LicenseRefusal.WRONG_BUYER);
    }

    @Test
    void wrongListingSellerAndExpiryAreRefused() throws Exception {
        SignedLicense l = sellerLicense();
        assertThat(refusal(l, buyer, "another-listing", t0).reason()).isEqualTo(LicenseRefusal.WRONG_LISTING);
        assertThatThrownBy(() -> l.verify(TestSigner.VERIFIER, buyer, listing.listingId(),
                new TestSigner().publicKey(), t0)).isInstanceOf(LicenseRefusedException.class)
                .extracting(e -> ((LicenseRefusedException) e).reason()).isEqualTo(LicenseRefusal.WRONG_SELLER);
        SignedLicense expiring = new LicenseIssuer(seller, TestSigner.VERIFIER, Optional.empty())
                .issue(listing, order, paid, key, buyerX[1], t0, t0.plus(Duration.ofDays(7)));
        assertThat(refusal(expiring, buyer, listing.listingId(), t0.plus(Duration.ofDays(8))).reason())
                .isEqualTo(LicenseRefusal.EXPIRED);
        assertThat(refusal(expiring, buyer, listing.listingId(), t0.minus(Duration.ofHours(1))).reason())
                .isEqualTo(LicenseRefusal.NOT_YET_VALID);
    }

    @Test
    void aResellerSellsUnderTheSellersDelegation() throws Exception {
        SignedDelegation d = SignedDelegation.sign(new Delegation(seller.publicKey(), reseller.publicKey(),
                List.of(listing.listingId()), 2000, t0, t0.plus(Duration.ofDays(30))), seller);
        SignedLicense l = new LicenseIssuer(reseller, TestSigner.VERIFIER, Optional.of(d))
                .issue(listing, order, paid, key, buyerX[1], t0.plus(Duration.ofDays(1)), License.NEVER);
        assertThat(l.license().issuerKey()).isEqualTo(reseller.publicKey());
        // Valid now and still after the delegation ends: it was sold while the delegation held.
        l.verify(TestSigner.VERIFIER, buyer, listing.listingId(), seller.publicKey(), t0.plus(Duration.ofDays(2)));
        l.verify(TestSigner.VERIFIER, buyer, listing.listingId(), seller.publicKey(), t0.plus(Duration.ofDays(60)));
        assertThat(SignedLicense.decode(l.encode())).isEqualTo(l);
    }

    @Test
    void aResellerPastItsDelegationCannotSell() {
        SignedDelegation expired = SignedDelegation.sign(new Delegation(seller.publicKey(), reseller.publicKey(),
                List.of(listing.listingId()), 2000, t0, t0.plus(Duration.ofDays(30))), seller);
        LicenseIssuer issuer = new LicenseIssuer(reseller, TestSigner.VERIFIER, Optional.of(expired));
        assertThatThrownBy(() -> issuer.issue(listing, order, paid, key, buyerX[1], t0.plus(Duration.ofDays(31)),
                License.NEVER)).isInstanceOf(DelegationRefusedException.class)
                .extracting(e -> ((DelegationRefusedException) e).reason()).isEqualTo(DelegationRefusal.EXPIRED);
    }

    @Test
    void licensesFromResellersWithBadDelegationsAreRefused() throws Exception {
        Instant issued = t0.plus(Duration.ofDays(40));
        SignedDelegation expired = SignedDelegation.sign(new Delegation(seller.publicKey(), reseller.publicKey(),
                List.of(listing.listingId()), 0, t0, t0.plus(Duration.ofDays(30))), seller);
        assertThat(resold(expired, issued).delegationReason()).isEqualTo(DelegationRefusal.EXPIRED);

        SignedDelegation otherListing = SignedDelegation.sign(new Delegation(seller.publicKey(),
                reseller.publicKey(), List.of("some-other-listing"), 0, t0, t0.plus(Duration.ofDays(90))), seller);
        LicenseRefusedException e = resold(otherListing, issued);
        assertThat(e.reason()).isEqualTo(LicenseRefusal.DELEGATION_REFUSED);
        assertThat(e.delegationReason()).isEqualTo(DelegationRefusal.LISTING_NOT_COVERED);

        SignedDelegation toSomeoneElse = SignedDelegation.sign(new Delegation(seller.publicKey(),
                new TestSigner().publicKey(), List.of(listing.listingId()), 0, t0, t0.plus(Duration.ofDays(90))),
                seller);
        assertThat(resold(toSomeoneElse, issued).delegationReason()).isEqualTo(DelegationRefusal.WRONG_RESELLER);

        Delegation body = new Delegation(seller.publicKey(), reseller.publicKey(), List.of(listing.listingId()), 0,
                t0, t0.plus(Duration.ofDays(90)));
        SignedDelegation selfMade = new SignedDelegation(body, reseller.sign(body.signingBytes()));
        assertThat(resold(selfMade, issued).delegationReason()).isEqualTo(DelegationRefusal.FORGED);
    }

    /** A license a rogue reseller signs itself (bypassing LicenseIssuer's checks) with the given delegation. */
    private LicenseRefusedException resold(SignedDelegation d, Instant issued) throws Exception {
        License l = new License(reseller.publicKey(), seller.publicKey(), listing.listingId(), order.orderId(),
                buyer, new byte[32], 10_000, issued, License.NEVER,
                KeySealer.seal(key, buyerX[1], License.sealContext(listing.listingId(), order.orderId(), buyer)),
                Optional.of(d));
        LicenseRefusedException e = refusal(new SignedLicense(l, reseller.sign(l.signingBytes())), buyer,
                listing.listingId(), issued);
        assertThat(e.reason()).isEqualTo(LicenseRefusal.DELEGATION_REFUSED);
        return e;
    }

    @Test
    void aSealedKeyCannotBeLiftedIntoAnotherBuyersLicense() throws Exception {
        License l = sellerLicense().license();
        byte[] otherContext = License.sealContext(l.listingId(), l.orderId(), Fixtures.buyer("bob"));
        assertThatThrownBy(() -> KeySealer.open(l.sealedContentKey(), buyerX[0], otherContext))
                .isInstanceOf(io.grapevine.market.contentkey.ContentKeyException.class);
    }

    @Test
    void encodingRoundTripsAndRefusesGarbage() throws Exception {
        SignedLicense l = sellerLicense();
        byte[] enc = l.encode();
        assertThat(SignedLicense.decode(enc)).isEqualTo(l);
        assertThatThrownBy(() -> SignedLicense.decode(Arrays.copyOf(enc, enc.length + 1)))
                .isInstanceOf(MalformedRecordException.class);
        assertThatThrownBy(() -> SignedLicense.decode(Arrays.copyOf(enc, 20)))
                .isInstanceOf(MalformedRecordException.class);
        assertThatThrownBy(() -> SignedLicense.decode(new byte[]{0x7f, 0, 0, 0, 1}))
                .isInstanceOf(MalformedRecordException.class);
    }
}

package io.grapevine.market.delegation;

import io.grapevine.market.codec.MalformedRecordException;
import io.grapevine.market.testing.TestSigner;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DelegationTest {
    private final TestSigner seller = new TestSigner();
    private final TestSigner reseller = new TestSigner();
    private final Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
    private final Delegation delegation = new Delegation(seller.publicKey(), reseller.publicKey(),
            List.of("listing-b", "listing-a"), 1500, t0, t0.plus(Duration.ofDays(30)));
    private final SignedDelegation signed = SignedDelegation.sign(delegation, seller);

    private DelegationRefusal refusal(SignedDelegation d, byte[] resellerKey, String listing, Instant at) {
        try {
            d.verify(TestSigner.VERIFIER, seller.publicKey(), resellerKey, listing, at);
            return null;
        } catch (DelegationRefusedException e) {
            return e.reason();
        }
    }

    @Test
    void authorizesTheResellerForItsListingsUntilExpiry() throws Exception {
        assertThat(delegation.listingIds()).containsExactly("listing-a", "listing-b");
        assertThat(signed.verify(TestSigner.VERIFIER, seller.publicKey(), reseller.publicKey(), "listing-a",
                t0.plus(Duration.ofDays(29))).commissionBasisPoints()).isEqualTo(1500);
    }

    @Test
    void refusesEachBadCaseWithItsReason() {
        Instant during = t0.plus(Duration.ofDays(1));
        assertThat(refusal(signed, reseller.publicKey(), "listing-a", t0.plus(Duration.ofDays(31))))
                .isEqualTo(DelegationRefusal.EXPIRED);
        assertThat(refusal(signed, reseller.publicKey(), "listing-a", t0.minus(Duration.ofHours(1))))
                .isEqualTo(DelegationRefusal.NOT_YET_VALID);
        assertThat(refusal(signed, reseller.publicKey(), "listing-z", during))
                .isEqualTo(DelegationRefusal.LISTING_NOT_COVERED);
        assertThat(refusal(signed, new TestSigner().publicKey(), "listing-a", during))
                .isEqualTo(DelegationRefusal.WRONG_RESELLER);
        byte[] sig = signed.signature();
        sig[0] ^= 1;
        assertThat(refusal(new SignedDelegation(delegation, sig), reseller.publicKey(), "listing-a", during))
                .isEqualTo(DelegationRefusal.FORGED);
        // A reseller signing its own "delegation" in the seller's name: the signature is not the seller's.
        assertThat(refusal(new SignedDelegation(delegation, reseller.sign(delegation.signingBytes())),
                reseller.publicKey(), "listing-a", during)).isEqualTo(DelegationRefusal.FORGED);
        TestSigner otherSeller = new TestSigner();
        SignedDelegation fromOther = SignedDelegation.sign(new Delegation(otherSeller.publicKey(),
                reseller.publicKey(), List.of("listing-a"), 0, t0, t0.plusSeconds(99)), otherSeller);
        assertThat(refusal(fromOther, reseller.publicKey(), "listing-a", t0)).isEqualTo(DelegationRefusal.WRONG_SELLER);
    }

    @Test
    void encodingRoundTripsAndIsCanonical() throws Exception {
        byte[] enc = signed.encode();
        assertThat(SignedDelegation.decode(enc)).isEqualTo(signed);
        assertThatThrownBy(() -> SignedDelegation.decode(Arrays.copyOf(enc, enc.length + 1)))
                .isInstanceOf(MalformedRecordException.class);
        // Swap the two listing ids in the body: same set, non-canonical order.
        String a = "listing-a", b = "listing-b";
        String s = new String(enc, java.nio.charset.StandardCharsets.ISO_8859_1);
        int ia = s.indexOf(a), ib = s.indexOf(b);
        byte[] swapped = enc.clone();
        System.arraycopy(b.getBytes(), 0, swapped, ia, b.length());
        System.arraycopy(a.getBytes(), 0, swapped, ib, a.length());
        assertThatThrownBy(() -> SignedDelegation.decode(swapped))
                .isInstanceOf(MalformedRecordException.class).hasMessageContaining("canonical");
        assertThatThrownBy(() -> new Delegation(seller.publicKey(), reseller.publicKey(), List.of("x", "x"), 0, t0,
                t0.plusSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Delegation(seller.publicKey(), reseller.publicKey(), List.of("x"), 10_001, t0,
                t0.plusSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}

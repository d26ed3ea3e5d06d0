package io.grapevine.market.listing;

import io.grapevine.market.chain.MarketNetwork;

import java.util.Arrays;
import java.util.Objects;

/**
 * A paid listing: the content (by its id, the manifest CID), the seller's marshalled public key, the price, where
 * payments go, and the commitment to the content key (see {@code contentkey.ContentKey#commitment()}) so a buyer
 * can check that the key it receives is the one the ciphertext was made with.
 */
public record Listing(String listingId, byte[] sellerKey, long priceSats, Payout payout,
                      byte[] contentKeyCommitment) {
    /** Below this, a payment output is dust that nodes do not relay (546 sat for P2PKH). */
    public static final long MIN_PRICE_SATS = 546;
    /** 21 million BTC. */
    public static final long MAX_PRICE_SATS = 2_100_000_000_000_000L;
    public static final int MAX_LISTING_ID_BYTES = 256;
    public static final int MAX_KEY_BYTES = 1024;

    public Listing {
        Objects.requireNonNull(listingId, "listingId");
        Objects.requireNonNull(payout, "payout");
        if (listingId.isEmpty() || listingId.length() > MAX_LISTING_ID_BYTES) {
            throw new IllegalArgumentException("listing id must be 1.." + MAX_LISTING_ID_BYTES + " characters");
        }
        if (sellerKey == null || sellerKey.length == 0 || sellerKey.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("seller key must be 1.." + MAX_KEY_BYTES + " bytes");
        }
        if (priceSats < MIN_PRICE_SATS || priceSats > MAX_PRICE_SATS) {
            throw new IllegalArgumentException("price must be " + MIN_PRICE_SATS + ".." + MAX_PRICE_SATS + " sat");
        }
        if (contentKeyCommitment == null || contentKeyCommitment.length != 32) {
            throw new IllegalArgumentException("content key commitment must be 32 bytes");
        }
        sellerKey = sellerKey.clone();
        contentKeyCommitment = contentKeyCommitment.clone();
    }

    public MarketNetwork network() {
        return payout.network();
    }

    @Override
    public byte[] sellerKey() {
        return sellerKey.clone();
    }

    @Override
    public byte[] contentKeyCommitment() {
        return contentKeyCommitment.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Listing l && l.listingId.equals(listingId) && Arrays.equals(l.sellerKey, sellerKey)
                && l.priceSats == priceSats && l.payout.equals(payout)
                && Arrays.equals(l.contentKeyCommitment, contentKeyCommitment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(listingId, Arrays.hashCode(sellerKey), priceSats, payout);
    }
}

package io.grapevine.market.delegation;

import io.grapevine.market.codec.CanonicalReader;
import io.grapevine.market.codec.CanonicalWriter;
import io.grapevine.market.codec.MalformedRecordException;
import io.grapevine.market.listing.Listing;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A seller's permission for a reseller to sell some of its listings until {@code expiresAt}, keeping
 * {@code commissionBasisPoints} / 10,000 of each sale (settled between them; the buyer pays the reseller's order).
 * Keys are opaque marshalled libp2p public keys. Listing ids are kept sorted and unique so the encoding is canonical.
 */
public record Delegation(byte[] sellerKey, byte[] resellerKey, List<String> listingIds, int commissionBasisPoints,
                         Instant issuedAt, Instant expiresAt) {
    static final String TAG = "grapevine/market/delegation/1";
    public static final int MAX_LISTINGS = 1024;

    public Delegation {
        checkKey(sellerKey, "seller");
        checkKey(resellerKey, "reseller");
        if (Arrays.equals(sellerKey, resellerKey)) {
            throw new IllegalArgumentException("a seller does not delegate to itself");
        }
        if (listingIds == null || listingIds.isEmpty() || listingIds.size() > MAX_LISTINGS) {
            throw new IllegalArgumentException("a delegation covers 1.." + MAX_LISTINGS + " listings");
        }
        TreeSet<String> sorted = new TreeSet<>();
        for (String id : listingIds) {
            if (id == null || id.isEmpty() || id.length() > Listing.MAX_LISTING_ID_BYTES || !sorted.add(id)) {
                throw new IllegalArgumentException("listing ids must be unique, 1.." + Listing.MAX_LISTING_ID_BYTES
                        + " characters");
            }
        }
        if (commissionBasisPoints < 0 || commissionBasisPoints > 10_000) {
            throw new IllegalArgumentException("commission must be 0..10000 basis points");
        }
        issuedAt = issuedAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        expiresAt = expiresAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("a delegation must expire after it is issued");
        }
        sellerKey = sellerKey.clone();
        resellerKey = resellerKey.clone();
        listingIds = List.copyOf(sorted);
    }

    private static void checkKey(byte[] key, String who) {
        if (key == null || key.length == 0 || key.length > Listing.MAX_KEY_BYTES) {
            throw new IllegalArgumentException(who + " key must be 1.." + Listing.MAX_KEY_BYTES + " bytes");
        }
    }

    /** The bytes the seller signs; see docs/market.md. */
    public byte[] signingBytes() {
        CanonicalWriter w = new CanonicalWriter().string(TAG).bytes(sellerKey).bytes(resellerKey)
                .u16(listingIds.size());
        listingIds.forEach(w::string);
        return w.u16(commissionBasisPoints).i64(issuedAt.toEpochMilli()).i64(expiresAt.toEpochMilli())
                .toByteArray();
    }

    static Delegation read(CanonicalReader r) throws MalformedRecordException {
        r.expectTag(TAG);
        byte[] seller = r.bytes(1, Listing.MAX_KEY_BYTES);
        byte[] reseller = r.bytes(1, Listing.MAX_KEY_BYTES);
        int n = r.u16();
        if (n == 0 || n > MAX_LISTINGS) {
            throw new MalformedRecordException("listing count " + n + " outside 1.." + MAX_LISTINGS);
        }
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = r.string(1, Listing.MAX_LISTING_ID_BYTES);
            if (i > 0 && ids[i - 1].compareTo(ids[i]) >= 0) {
                throw new MalformedRecordException("listing ids not in canonical (sorted, unique) order");
            }
        }
        int commission = r.u16();
        long issued = r.i64();
        long expires = r.i64();
        try {
            return new Delegation(seller, reseller, List.of(ids), commission, Instant.ofEpochMilli(issued),
                    Instant.ofEpochMilli(expires));
        } catch (RuntimeException e) {
            throw new MalformedRecordException("invalid delegation: " + e.getMessage());
        }
    }

    @Override
    public byte[] sellerKey() {
        return sellerKey.clone();
    }

    @Override
    public byte[] resellerKey() {
        return resellerKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Delegation d && Arrays.equals(d.signingBytes(), signingBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(signingBytes());
    }
}

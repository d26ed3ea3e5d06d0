package io.grapevine.market.license;

import io.grapevine.market.codec.CanonicalReader;
import io.grapevine.market.codec.CanonicalWriter;
import io.grapevine.market.codec.MalformedRecordException;
import io.grapevine.market.codec.Sha256;
import io.grapevine.market.contentkey.KeySealer;
import io.grapevine.market.delegation.SignedDelegation;
import io.grapevine.market.listing.Listing;
import io.grapevine.market.order.Order;
import io.grapevine.market.order.OrderId;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * The right of one buyer (by peer id) to one listing, issued after its order was paid: by the seller, or by a
 * reseller that embeds the seller's signed delegation. Carries the content key sealed to the buyer, bound by
 * {@link #sealContext} to this listing, order and buyer.
 *
 * @param txid      the paying transaction (32 bytes, internal byte order reversed as displayed: the hex txid)
 * @param expiresAt {@link Instant#MAX}-like {@link #NEVER} for a license that does not expire
 */
public record License(byte[] issuerKey, byte[] sellerKey, String listingId, OrderId orderId, byte[] buyerPeerId,
                      byte[] txid, long paidSats, Instant issuedAt, Instant expiresAt, byte[] sealedContentKey,
                      Optional<SignedDelegation> delegation) {
    static final String TAG = "grapevine/market/license/1";
    public static final Instant NEVER = Instant.ofEpochMilli(Long.MAX_VALUE);

    public License {
        Objects.requireNonNull(listingId);
        Objects.requireNonNull(orderId);
        Objects.requireNonNull(delegation);
        check(issuerKey, 1, Listing.MAX_KEY_BYTES, "issuer key");
        check(sellerKey, 1, Listing.MAX_KEY_BYTES, "seller key");
        check(buyerPeerId, 1, Order.MAX_PEER_ID_BYTES, "buyer peer id");
        check(txid, 32, 32, "txid");
        check(sealedContentKey, KeySealer.SEALED_BYTES, KeySealer.SEALED_BYTES, "sealed content key");
        if (listingId.isEmpty() || listingId.length() > Listing.MAX_LISTING_ID_BYTES) {
            throw new IllegalArgumentException("listing id must be 1.." + Listing.MAX_LISTING_ID_BYTES + " characters");
        }
        if (paidSats <= 0) {
            throw new IllegalArgumentException("a license records a positive payment");
        }
        issuedAt = issuedAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        expiresAt = expiresAt.isAfter(NEVER) ? NEVER : expiresAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("a license must expire after it is issued");
        }
        if (Arrays.equals(issuerKey, sellerKey) == delegation.isPresent()) {
            throw new IllegalArgumentException("a reseller's license carries its delegation; the seller's carries none");
        }
        issuerKey = issuerKey.clone();
        sellerKey = sellerKey.clone();
        buyerPeerId = buyerPeerId.clone();
        txid = txid.clone();
        sealedContentKey = sealedContentKey.clone();
    }

    private static void check(byte[] b, int min, int max, String what) {
        if (b == null || b.length < min || b.length > max) {
            throw new IllegalArgumentException(what + " must be " + min + ".." + max + " bytes");
        }
    }

    /**
     * The associated data the content key is sealed under:
     * SHA-256(string "grapevine/market/license-seal/1" || string listingId || raw16 orderId || bytes buyerPeerId).
     */
    public static byte[] sealContext(String listingId, OrderId orderId, byte[] buyerPeerId) {
        return Sha256.hash(new CanonicalWriter().string("grapevine/market/license-seal/1").string(listingId)
                .raw(orderId.bytes()).bytes(buyerPeerId).toByteArray());
    }

    public byte[] sealContext() {
        return sealContext(listingId, orderId, buyerPeerId);
    }

    public String txidHex() {
        return HexFormat.of().formatHex(txid);
    }

    /** The bytes the issuer signs; see docs/market.md. */
    public byte[] signingBytes() {
        return new CanonicalWriter().string(TAG).bytes(issuerKey).bytes(sellerKey).string(listingId)
                .raw(orderId.bytes()).bytes(buyerPeerId).raw(txid).i64(paidSats).i64(issuedAt.toEpochMilli())
                .i64(expiresAt.toEpochMilli()).bytes(sealedContentKey)
                .bytes(delegation.map(SignedDelegation::encode).orElse(new byte[0])).toByteArray();
    }

    static License read(CanonicalReader r) throws MalformedRecordException {
        r.expectTag(TAG);
        byte[] issuer = r.bytes(1, Listing.MAX_KEY_BYTES);
        byte[] seller = r.bytes(1, Listing.MAX_KEY_BYTES);
        String listingId = r.string(1, Listing.MAX_LISTING_ID_BYTES);
        OrderId orderId = OrderId.of(r.raw(OrderId.LENGTH));
        byte[] buyer = r.bytes(1, Order.MAX_PEER_ID_BYTES);
        byte[] txid = r.raw(32);
        long paid = r.i64();
        long issued = r.i64();
        long expires = r.i64();
        byte[] sealed = r.bytes(KeySealer.SEALED_BYTES, KeySealer.SEALED_BYTES);
        byte[] delegationBytes = r.bytes(0, SignedDelegation.MAX_ENCODED_BYTES);
        Optional<SignedDelegation> delegation = delegationBytes.length == 0 ? Optional.empty()
                : Optional.of(SignedDelegation.decode(delegationBytes));
        try {
            return new License(issuer, seller, listingId, orderId, buyer, txid, paid, Instant.ofEpochMilli(issued),
                    Instant.ofEpochMilli(expires), sealed, delegation);
        } catch (RuntimeException e) {
            throw new MalformedRecordException("invalid license: " + e.getMessage());
        }
    }

    @Override
    public byte[] issuerKey() {
        return issuerKey.clone();
    }

    @Override
    public byte[] sellerKey() {
        return sellerKey.clone();
    }

    @Override
    public byte[] buyerPeerId() {
        return buyerPeerId.clone();
    }

    @Override
    public byte[] txid() {
        return txid.clone();
    }

    @Override
    public byte[] sealedContentKey() {
        return sealedContentKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof License l && Arrays.equals(l.signingBytes(), signingBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(signingBytes());
    }
}

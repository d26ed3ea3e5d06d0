package io.grapevine.market.order;

import io.grapevine.market.chain.MarketNetwork;
import io.grapevine.market.codec.CanonicalReader;
import io.grapevine.market.codec.CanonicalWriter;
import io.grapevine.market.codec.MalformedRecordException;
import io.grapevine.market.listing.Listing;
import io.grapevine.market.listing.Payout;
import org.bitcoinj.base.Address;
import org.bitcoinj.base.AddressParser;
import org.bitcoinj.base.Coin;
import org.bitcoinj.script.ScriptBuilder;
import org.bitcoinj.uri.BitcoinURI;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * An order: what the buyer (by peer id, opaque bytes) owes for a listing, and where to pay it. Immutable; a refused
 * payment leaves it as it was, so the buyer can retry with a correct one.
 *
 * @param addressIndex the payout child index the address was derived from, or -1 for a single-address payout
 */
public record Order(OrderId orderId, String listingId, byte[] buyerPeerId, long amountSats, MarketNetwork network,
                    String payToAddress, int addressIndex, Instant createdAt, Instant expiresAt) {
    static final String TAG = "grapevine/market/order/1";
    public static final int MAX_PEER_ID_BYTES = 128;

    public Order {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(listingId, "listingId");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(payToAddress, "payToAddress");
        if (listingId.isEmpty() || listingId.length() > Listing.MAX_LISTING_ID_BYTES) {
            throw new IllegalArgumentException("listing id must be 1.." + Listing.MAX_LISTING_ID_BYTES + " characters");
        }
        if (buyerPeerId == null || buyerPeerId.length == 0 || buyerPeerId.length > MAX_PEER_ID_BYTES) {
            throw new IllegalArgumentException("buyer peer id must be 1.." + MAX_PEER_ID_BYTES + " bytes");
        }
        if (amountSats < Listing.MIN_PRICE_SATS || amountSats > Listing.MAX_PRICE_SATS) {
            throw new IllegalArgumentException("amount out of range: " + amountSats);
        }
        if (addressIndex < -1) {
            throw new IllegalArgumentException("address index must be -1 or in [0, 2^31)");
        }
        createdAt = createdAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        expiresAt = expiresAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        if (!expiresAt.isAfter(createdAt)) {
            throw new IllegalArgumentException("order must expire after it is created");
        }
        AddressParser.getDefault(network.bitcoinj()).parseAddress(payToAddress); // refuses other networks
        buyerPeerId = buyerPeerId.clone();
    }

    /**
     * A new order for {@code listing} paying to {@code payout} (the seller's, or a reseller's own), at the payout's
     * child {@code addressIndex}. The caller allocates indexes, never reusing one.
     */
    public static Order create(Listing listing, Payout payout, byte[] buyerPeerId, int addressIndex, Instant now,
                               Duration ttl) {
        if (payout.network() != listing.network()) {
            throw new IllegalArgumentException("payout network differs from the listing's");
        }
        if (addressIndex < 0) {
            throw new IllegalArgumentException("address index must be in [0, 2^31)");
        }
        Address address = payout.addressFor(addressIndex);
        boolean single = !(payout instanceof io.grapevine.market.listing.XpubPayout);
        return new Order(OrderId.random(), listing.listingId(), buyerPeerId, listing.priceSats(), listing.network(),
                address.toString(), single ? -1 : addressIndex, now, now.plus(ttl));
    }

    public Address address() {
        return AddressParser.getDefault(network.bitcoinj()).parseAddress(payToAddress);
    }

    /** The scriptPubKey a paying output must carry. */
    public byte[] outputScript() {
        return ScriptBuilder.createOutputScript(address()).program();
    }

    public boolean expiredAt(Instant now) {
        return now.isAfter(expiresAt);
    }

    /** A BIP21 URI any wallet can pay: {@code bitcoin:<address>?amount=<BTC>&label=...&message=order <id>}. */
    public String paymentUri(String label) {
        return BitcoinURI.convertToBitcoinURI(network.bitcoinj(), payToAddress, Coin.valueOf(amountSats), label,
                "grapevine order " + orderId.hex());
    }

    @Override
    public byte[] buyerPeerId() {
        return buyerPeerId.clone();
    }

    /** Canonical bytes for storage: see docs/market.md. */
    public byte[] encode() {
        return new CanonicalWriter().string(TAG).raw(orderId.bytes()).string(listingId).bytes(buyerPeerId)
                .i64(amountSats).u8(network.ordinal()).string(payToAddress).i64(addressIndex)
                .i64(createdAt.toEpochMilli()).i64(expiresAt.toEpochMilli()).toByteArray();
    }

    public static Order decode(byte[] data) throws MalformedRecordException {
        CanonicalReader r = new CanonicalReader(data);
        r.expectTag(TAG);
        OrderId id = OrderId.of(r.raw(OrderId.LENGTH));
        String listingId = r.string(1, Listing.MAX_LISTING_ID_BYTES);
        byte[] buyer = r.bytes(1, MAX_PEER_ID_BYTES);
        long amount = r.i64();
        int net = r.u8();
        if (net >= MarketNetwork.values().length) {
            throw new MalformedRecordException("unknown network " + net);
        }
        String address = r.string(1, 128);
        long index = r.i64();
        long created = r.i64();
        long expires = r.i64();
        r.end();
        if (index < -1 || index > Integer.MAX_VALUE) {
            throw new MalformedRecordException("address index out of range");
        }
        try {
            return new Order(id, listingId, buyer, amount, MarketNetwork.values()[net], address, (int) index,
                    Instant.ofEpochMilli(created), Instant.ofEpochMilli(expires));
        } catch (RuntimeException e) {
            throw new MalformedRecordException("invalid order: " + e.getMessage());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Order x && x.orderId.equals(orderId) && x.listingId.equals(listingId)
                && Arrays.equals(x.buyerPeerId, buyerPeerId) && x.amountSats == amountSats && x.network == network
                && x.payToAddress.equals(payToAddress) && x.addressIndex == addressIndex
                && x.createdAt.equals(createdAt) && x.expiresAt.equals(expiresAt);
    }

    @Override
    public int hashCode() {
        return orderId.hashCode();
    }
}

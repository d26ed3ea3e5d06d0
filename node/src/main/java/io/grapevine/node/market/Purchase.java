package io.grapevine.node.market;

import io.grapevine.market.chain.MarketNetwork;
import io.grapevine.market.codec.CanonicalReader;
import io.grapevine.market.codec.CanonicalWriter;
import io.grapevine.market.codec.MalformedRecordException;
import io.grapevine.market.listing.Listing;
import io.grapevine.market.listing.Payout;
import io.grapevine.market.order.Order;
import io.grapevine.node.identity.PeerId;

/**
 * The buyer's side of one order: the order as the seller (or reseller) made it, who made it, and the listing's terms
 * it was offered under (seller key, payout, content-key commitment), against which the license and key are checked.
 */
public record Purchase(Order order, PeerId issuer, Listing listing) {
    private static final String TAG = "grapevine/node/purchase/1";

    public byte[] encode() {
        return new CanonicalWriter().string(TAG).bytes(order.encode()).bytes(issuer.toBytes())
                .bytes(listing.sellerKey()).i64(listing.priceSats()).string(listing.payout().text())
                .raw(listing.contentKeyCommitment()).toByteArray();
    }

    public static Purchase decode(byte[] data) throws MalformedRecordException {
        CanonicalReader r = new CanonicalReader(data);
        r.expectTag(TAG);
        try {
            Order order = Order.decode(r.bytes(1, 4096));
            PeerId issuer = PeerId.fromBytes(r.bytes(1, Order.MAX_PEER_ID_BYTES));
            byte[] sellerKey = r.bytes(1, Listing.MAX_KEY_BYTES);
            long price = r.i64();
            MarketNetwork network = order.network();
            Payout payout = Payout.parse(r.string(1, 256), network);
            byte[] commitment = r.raw(32);
            r.end();
            return new Purchase(order, issuer, new Listing(order.listingId(), sellerKey, price, payout, commitment));
        } catch (IllegalArgumentException e) {
            throw new MalformedRecordException("bad purchase: " + e.getMessage());
        }
    }
}

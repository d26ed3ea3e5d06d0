package io.grapevine.node.api.market;

import io.grapevine.node.api.ApiError;
import io.grapevine.node.api.ApiJson;
import io.grapevine.node.market.MarketFeature;
import io.grapevine.node.market.MarketRefusedException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;

import io.grapevine.market.listing.Payout;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.multiformats.Multiaddr;
import java.util.List;

/**
 * {@code POST /api/v1/market/resales} {seller: /p2p multiaddr, listingId, payout}: as a reseller, takes up a listing
 * the seller delegated to us (delegation and key checked), then starts downloading its ciphertext from the seller so
 * this node can serve it; our orders for it pay {@code payout}.
 */
final class TakeResaleRoute implements Handler {
    private final MarketFeature market;

    TakeResaleRoute(MarketFeature market) {
        this.market = market;
    }

    @Override
    public void handle(Context ctx) {
        var body = MarketRequests.body(ctx);
        Multiaddr seller;
        PeerId peer;
        try {
            seller = Multiaddr.parse(MarketRequests.text(body, "seller"));
            peer = seller.peerId().orElseThrow();
        } catch (ApiError e) {
            throw e;
        } catch (RuntimeException e) {
            throw MarketRequests.badField("seller", "a multiaddr ending in /p2p/<peer-id> is required");
        }
        String listingId = MarketRequests.text(body, "listingId");
        Payout payout;
        try {
            payout = Payout.parse(MarketRequests.text(body, "payout"), market.network());
        } catch (ApiError e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw MarketRequests.badField("payout", e.getMessage());
        }
        MarketRequests.await(market.host().dial(seller));
        var paid = MarketRequests.await(market.buyer().resell(peer, listingId, payout));
        market.content().downloads().start(Cid.parse(listingId), List.of(seller),
                market.content().downloadFolder().resolve(".grapevine-resale"));
        ApiJson.send(ctx, 201, MarketJson.listing(paid));
    }
}

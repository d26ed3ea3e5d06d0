package io.grapevine.node.api.market;

import io.grapevine.node.api.ApiError;
import io.grapevine.node.api.ApiJson;
import io.grapevine.node.market.MarketFeature;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;

import io.grapevine.node.identity.PeerId;
import io.grapevine.node.multiformats.Multiaddr;

/**
 * {@code POST /api/v1/market/orders} {seller: peer id or /p2p multiaddr, listingId}: asks the seller (or a reseller)
 * for an order over /grapevine/market/1; answers the order with its BIP21 {@code paymentUri}. 409 carries a refusal.
 */
final class CreateOrderRoute implements Handler {
    private final MarketFeature market;

    CreateOrderRoute(MarketFeature market) {
        this.market = market;
    }

    @Override
    public void handle(Context ctx) {
        var body = MarketRequests.body(ctx);
        String seller = MarketRequests.text(body, "seller");
        String listingId = MarketRequests.text(body, "listingId");
        PeerId peer;
        try {
            if (seller.startsWith("/")) {
                Multiaddr address = Multiaddr.parse(seller);
                peer = address.peerId().orElseThrow(() -> MarketRequests.badField("seller", "needs a /p2p/<peer-id> part"));
                MarketRequests.await(market.host().dial(address));
            } else {
                peer = PeerId.parse(seller);
            }
        } catch (ApiError e) {
            throw e;
        } catch (RuntimeException e) {
            throw MarketRequests.badField("seller", "not a peer id or multiaddr: " + e.getMessage());
        }
        var purchase = MarketRequests.await(market.buyer().order(peer, listingId));
        ApiJson.send(ctx, 201, MarketJson.purchase(purchase));
    }
}

package io.grapevine.node.api.market;

import io.grapevine.node.api.ApiError;
import io.grapevine.node.api.ApiJson;
import io.grapevine.node.market.MarketFeature;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;

import java.util.HexFormat;

/**
 * {@code POST /api/v1/wallet/pay} {orderId}: the wallet signs a payment of one of our purchases (its amount to its
 * address), sends it to the configured Bitcoin peers, and answers {txid, rawTx, broadcast: sent to any peer,
 * broadcastPeers: how many}; once mined, its proof is submitted (or the seller finds it by scanning blocks).
 */
final class PayOrderRoute implements Handler {
    private final MarketFeature market;

    PayOrderRoute(MarketFeature market) {
        this.market = market;
    }

    @Override
    public void handle(Context ctx) {
        var body = MarketRequests.body(ctx);
        var id = MarketRequests.orderId(MarketRequests.text(body, "orderId"), "orderId");
        var purchase = market.ledger().purchase(id).orElseThrow(() -> new ApiError(404, "unknown_order",
                "no purchase " + id.hex() + " on this node"));
        var wallet = market.wallet().orElseThrow(() -> new ApiError(404, "no_wallet", "this node has no wallet"));
        try {
            var tx = wallet.pay(purchase.order());
            int sentTo = market.bitcoin().map(b -> MarketRequests.await(b.broadcast(tx))).orElse(0);
            ApiJson.send(ctx, 201, Map.of("txid", tx.getTxId().toString(),
                    "rawTx", HexFormat.of().formatHex(tx.serialize()), "broadcast", sentTo > 0,
                    "broadcastPeers", sentTo));
        } catch (org.bitcoinj.core.InsufficientMoneyException e) {
            throw new ApiError(409, "insufficient_funds", "the wallet lacks " + e.missing + " to pay the order");
        } catch (java.io.IOException | RuntimeException e) {
            throw new ApiError(409, "payment_failed", String.valueOf(e.getMessage()));
        }
    }
}

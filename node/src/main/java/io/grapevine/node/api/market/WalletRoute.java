package io.grapevine.node.api.market;

import io.grapevine.node.api.ApiError;
import io.grapevine.node.api.ApiJson;
import io.grapevine.node.market.MarketFeature;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;

import io.grapevine.node.market.wallet.GrapevineWallet;

/**
 * {@code GET /api/v1/wallet}: network, receive address, balances (sat), the height of the last block it took; 404
 * until {@code POST /api/v1/wallet}.
 */
final class WalletRoute implements Handler {
    private final MarketFeature market;

    WalletRoute(MarketFeature market) {
        this.market = market;
    }

    @Override
    public void handle(Context ctx) {
        GrapevineWallet w = market.wallet().orElseThrow(() -> new ApiError(404, "no_wallet",
                "this node has no " + market.network().wireName() + " wallet; create one with POST /api/v1/wallet"));
        ApiJson.send(ctx, 200, json(w));
    }

    static Map<String, Object> json(GrapevineWallet w) {
        return Map.of("network", w.network().wireName(), "address", w.receiveAddress().toString(),
                "balanceSats", w.balance().value, "estimatedBalanceSats", w.estimatedBalance().value,
                "syncedHeight", w.syncedHeight());
    }
}

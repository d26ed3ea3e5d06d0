package io.grapevine.node.api.market;

import io.grapevine.node.api.ApiError;
import io.grapevine.node.api.ApiJson;
import io.grapevine.node.market.MarketFeature;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;

/** {@code POST /api/v1/wallet}: creates the node's wallet for its market network; 409 if it exists. */
final class CreateWalletRoute implements Handler {
    private final MarketFeature market;

    CreateWalletRoute(MarketFeature market) {
        this.market = market;
    }

    @Override
    public void handle(Context ctx) {
        try {
            ApiJson.send(ctx, 201, WalletRoute.json(market.createWallet()));
        } catch (IllegalStateException e) {
            throw new ApiError(409, "wallet_exists", e.getMessage());
        } catch (java.io.IOException e) {
            throw new ApiError(500, "wallet_failed", e.getMessage());
        }
    }
}

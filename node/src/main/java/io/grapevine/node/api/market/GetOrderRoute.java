package io.grapevine.node.api.market;

import io.grapevine.node.api.ApiError;
import io.grapevine.node.api.ApiJson;
import io.grapevine.node.market.MarketFeature;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;

/** {@code GET /api/v1/market/orders/{orderId}}: one order, a purchase first, else a sale; 404 when unknown. */
final class GetOrderRoute implements Handler {
    private final MarketFeature market;

    GetOrderRoute(MarketFeature market) {
        this.market = market;
    }

    @Override
    public void handle(Context ctx) {
        var id = MarketRequests.orderId(ctx.pathParam("orderId"), "orderId");
        var purchase = market.ledger().purchase(id);
        if (purchase.isPresent()) {
            ApiJson.send(ctx, 200, MarketJson.purchase(purchase.get()));
            return;
        }
        var sale = market.ledger().order(id).orElseThrow(() -> new ApiError(404, "unknown_order", "no order " + id.hex()));
        ApiJson.send(ctx, 200, MarketJson.order(sale));
    }
}

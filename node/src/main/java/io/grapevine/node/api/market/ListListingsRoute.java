package io.grapevine.node.api.market;

import io.grapevine.node.api.ApiError;
import io.grapevine.node.api.ApiJson;
import io.grapevine.node.market.MarketFeature;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;

/** {@code GET /api/v1/market/listings}: the paid listings this node sells (its own and resold). */
final class ListListingsRoute implements Handler {
    private final MarketFeature market;

    ListListingsRoute(MarketFeature market) {
        this.market = market;
    }

    @Override
    public void handle(Context ctx) {
        ApiJson.send(ctx, 200, Map.of("listings", market.ledger().listings().stream().map(MarketJson::listing).toList()));
    }
}

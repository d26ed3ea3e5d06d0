package io.grapevine.node.api.market;

import io.grapevine.node.api.ApiError;
import io.grapevine.node.api.ApiJson;
import io.grapevine.node.market.MarketFeature;
import io.grapevine.node.market.MarketRefusedException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;

/** {@code GET /api/v1/market/resellers}: the delegations this node signed as a seller. */
final class ListResellersRoute implements Handler {
    private final MarketFeature market;

    ListResellersRoute(MarketFeature market) {
        this.market = market;
    }

    @Override
    public void handle(Context ctx) {
        ApiJson.send(ctx, 200, Map.of("resellers", market.ledger().delegations().stream()
                .map(MarketJson::delegation).toList()));
    }
}

package io.grapevine.node.api.market;

import io.grapevine.node.api.ApiError;
import io.grapevine.node.api.ApiJson;
import io.grapevine.node.market.MarketFeature;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;

/** {@code GET /api/v1/market/licenses}: licenses this node holds ({@code held}) and issued ({@code issued}). */
final class ListLicensesRoute implements Handler {
    private final MarketFeature market;

    ListLicensesRoute(MarketFeature market) {
        this.market = market;
    }

    @Override
    public void handle(Context ctx) {
        ApiJson.send(ctx, 200, Map.of(
                "held", market.ledger().heldLicenses().stream().map(h -> MarketJson.license(h.license())).toList(),
                "issued", market.ledger().issuedLicenses().stream().map(MarketJson::license).toList()));
    }
}

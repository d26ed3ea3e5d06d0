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
        ApiJson.send(ctx, 200, ordered(
                "held", market.ledger().heldLicenses().stream().map(h -> MarketJson.license(h.license())).toList(),
                "issued", market.ledger().issuedLicenses().stream().map(MarketJson::license).toList()));
    }

    /** Keys in the order given, so the JSON reads the same on every call. */
    private static Map<String, Object> ordered(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }
}

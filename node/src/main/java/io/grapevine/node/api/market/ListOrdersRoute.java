package io.grapevine.node.api.market;

import io.grapevine.node.api.ApiError;
import io.grapevine.node.api.ApiJson;
import io.grapevine.node.market.MarketFeature;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;

/** {@code GET /api/v1/market/orders}: orders this node made as a seller ({@code sales}) and asked for ({@code purchases}). */
final class ListOrdersRoute implements Handler {
    private final MarketFeature market;

    ListOrdersRoute(MarketFeature market) {
        this.market = market;
    }

    @Override
    public void handle(Context ctx) {
        ApiJson.send(ctx, 200, ordered(
                "sales", market.ledger().orders().stream().map(this::sale).toList(),
                "purchases", market.ledger().purchases().stream().map(MarketJson::purchase).toList()));
    }

    /** A sale with the payments this node found for it by scanning blocks (judged when the buyer asks). */
    private Map<String, Object> sale(io.grapevine.market.order.Order o) {
        Map<String, Object> m = MarketJson.order(o);
        m.put("foundPayments", market.seller().scanned().of(o.orderId()).stream().map(hit -> Map.of(
                "txid", hit.txid(), "blockHash", hit.blockHash(), "paidSats", hit.paidSats())).toList());
        return m;
    }

    /** Keys in the order given, so the JSON reads the same on every call. */
    private static Map<String, Object> ordered(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }
}

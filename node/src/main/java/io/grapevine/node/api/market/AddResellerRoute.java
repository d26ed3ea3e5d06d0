package io.grapevine.node.api.market;

import io.grapevine.node.api.ApiError;
import io.grapevine.node.api.ApiJson;
import io.grapevine.node.market.MarketFeature;
import io.grapevine.node.market.MarketRefusedException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;

import io.grapevine.node.identity.PeerId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /api/v1/market/resellers} {reseller: peer id, listingIds: [..], commissionBasisPoints?, days?}: signs
 * a delegation (default 30 days) letting that peer sell our listings; it then takes them up with
 * {@code POST /api/v1/market/resales} on its node.
 */
final class AddResellerRoute implements Handler {
    private final MarketFeature market;

    AddResellerRoute(MarketFeature market) {
        this.market = market;
    }

    @Override
    public void handle(Context ctx) {
        var body = MarketRequests.body(ctx);
        PeerId reseller;
        try {
            reseller = PeerId.parse(MarketRequests.text(body, "reseller"));
        } catch (ApiError e) {
            throw e;
        } catch (RuntimeException e) {
            throw MarketRequests.badField("reseller", "not a peer id");
        }
        List<String> ids = new ArrayList<>();
        var array = body.get("listingIds");
        if (array == null || !array.isArray() || array.isEmpty()) {
            throw MarketRequests.badField("listingIds", "a non-empty array of listing ids is required");
        }
        array.forEach(e -> ids.add(e.asText()));
        int commission = body.path("commissionBasisPoints").asInt(0);
        long days = body.path("days").asLong(30);
        if (days < 1 || days > 3650) {
            throw MarketRequests.badField("days", "1..3650");
        }
        try {
            var d = market.seller().delegate(reseller, ids, commission, Instant.now().plus(Duration.ofDays(days)));
            ApiJson.send(ctx, 201, MarketJson.delegation(d));
        } catch (MarketRefusedException e) {
            throw MarketRequests.refused(e);
        }
    }
}

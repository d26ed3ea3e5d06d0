package io.grapevine.node.api.market;

import io.grapevine.node.api.ApiError;
import io.grapevine.node.api.ApiJson;
import io.grapevine.node.market.MarketFeature;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;

import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.multiformats.Multiaddr;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /api/v1/market/downloads} {listingId, from: [multiaddr]}: with a held license, shows it to the
 * providers, downloads the ciphertext and decrypts into the download folder; waits and answers the written files.
 */
final class StartPaidDownloadRoute implements Handler {
    private final MarketFeature market;

    StartPaidDownloadRoute(MarketFeature market) {
        this.market = market;
    }

    @Override
    public void handle(Context ctx) {
        var body = MarketRequests.body(ctx);
        Cid id;
        try {
            id = Cid.parse(MarketRequests.text(body, "listingId"));
        } catch (ApiError e) {
            throw e;
        } catch (RuntimeException e) {
            throw MarketRequests.badField("listingId", "not a content id");
        }
        List<Multiaddr> explicit = new ArrayList<>();
        var from = body.get("from");
        if (from != null && from.isArray()) {
            for (var e : from) {
                try {
                    Multiaddr a = Multiaddr.parse(e.asText());
                    if (a.peerId().isEmpty()) {
                        throw MarketRequests.badField("from", "needs a /p2p/<peer-id> part");
                    }
                    explicit.add(a);
                } catch (ApiError ex) {
                    throw ex;
                } catch (RuntimeException ex) {
                    throw MarketRequests.badField("from", "bad multiaddr: " + ex.getMessage());
                }
            }
        }
        List<Multiaddr> providers = market.content().providers(id, explicit);
        if (providers.isEmpty()) {
            throw MarketRequests.badField("from", "no provider known for " + id);
        }
        var files = MarketRequests.await(market.downloads().fetch(id, providers, market.content().downloadFolder()));
        ApiJson.send(ctx, 201, Map.of("listingId", id.toString(),
                "files", files.stream().map(Object::toString).toList()));
    }
}

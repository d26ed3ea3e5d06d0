package io.grapevine.node.api.search;

import io.grapevine.node.announce.AnnounceFeature;
import io.grapevine.node.announce.AnnounceFormatException;
import io.grapevine.node.api.ApiError;
import io.grapevine.node.api.ApiJson;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.search.IndexedItems;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code DELETE /api/v1/announcements/{contentId}}: retracts our announcement (404 unknown, 403 someone else's). */
final class RetractRoute implements Handler {
    private final AnnounceFeature feature;

    RetractRoute(AnnounceFeature feature) {
        this.feature = feature;
    }

    @Override
    public void handle(Context ctx) {
        Cid id = Params.contentId(ctx.pathParam("contentId"));
        var held = feature.service().get(id).orElseThrow(() -> new ApiError(404, "not_found", "no announcement of " + id));
        var publisher = IndexedItems.publisher(held);
        if (!publisher.equals(feature.service().localPeer())) {
            throw new ApiError(403, "forbidden", id + " was announced by " + publisher + ", not by this node");
        }
        try {
            feature.service().retract(id).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AnnounceFormatException bad) throw new ApiError(409, "conflict", bad.getMessage());
            throw new ApiError(500, "internal_error", "retracting failed: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new ApiError(503, "busy", "retraction not done within 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "busy", "interrupted");
        }
        ApiJson.send(ctx, 200, Map.of("contentId", id.toString(), "retracted", true));
    }
}

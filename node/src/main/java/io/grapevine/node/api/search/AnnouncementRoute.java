package io.grapevine.node.api.search;

import io.grapevine.node.announce.AnnounceFeature;
import io.grapevine.node.api.ApiError;
import io.grapevine.node.api.ApiJson;
import io.grapevine.node.multiformats.Cid;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/** {@code GET /api/v1/announcements/{contentId}}: the held announcement with its known providers, or 404. */
final class AnnouncementRoute implements Handler {
    private final AnnounceFeature feature;

    AnnouncementRoute(AnnounceFeature feature) {
        this.feature = feature;
    }

    @Override
    public void handle(Context ctx) {
        Cid id = Params.contentId(ctx.pathParam("contentId"));
        var announcement = feature.service().get(id)
                .orElseThrow(() -> new ApiError(404, "not_found", "no announcement of " + id));
        ApiJson.send(ctx, 200, AnnouncementJson.of(announcement, feature.providers().providers(id)));
    }
}

package io.grapevine.node.api.content;

import io.grapevine.node.api.ApiJson;
import io.grapevine.node.daemon.ContentFeature;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/** {@code GET /api/v1/settings}: the transfer settings in force (rateLimits, maxUploads, quotaBytes). */
final class GetSettingsRoute implements Handler {
    private final ContentFeature content;

    GetSettingsRoute(ContentFeature content) {
        this.content = content;
    }

    @Override
    public void handle(Context ctx) {
        ApiJson.send(ctx, 200, content.settings());
    }
}

package io.grapevine.node.api.content;

import io.grapevine.node.api.ApiJson;
import io.grapevine.node.share.ShareService;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;

/** {@code GET /api/v1/shares}: what this node shares, newest first. */
final class ListSharesRoute implements Handler {
    private final ShareService shares;

    ListSharesRoute(ShareService shares) {
        this.shares = shares;
    }

    @Override
    public void handle(Context ctx) {
        ApiJson.send(ctx, 200, Map.of("shares", shares.list().stream().map(ShareJson::of).toList()));
    }
}

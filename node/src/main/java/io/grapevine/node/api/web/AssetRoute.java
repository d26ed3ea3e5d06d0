package io.grapevine.node.api.web;

import io.grapevine.node.api.ApiError;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/** {@code GET /ui/{file}}, {@code /ui/pages/{file}}: the web UI's scripts and style sheet (behind the login, but for the style sheet). */
final class AssetRoute implements Handler {
    private final String folder;

    AssetRoute(String folder) {
        this.folder = folder;
    }

    @Override
    public void handle(Context ctx) {
        String name = folder + ctx.pathParam("file");
        IndexRoute.send(ctx, 200, WebAssets.find(name).orElseThrow(() -> ApiError.notFound(ctx.path())));
    }
}

package io.grapevine.node.api.content;

import io.grapevine.node.api.ApiJson;
import io.grapevine.node.download.DownloadManager;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/** {@code GET /api/v1/downloads/{contentId}}: one download's progress; 404 when unknown. */
final class GetDownloadRoute implements Handler {
    private final DownloadManager downloads;

    GetDownloadRoute(DownloadManager downloads) {
        this.downloads = downloads;
    }

    @Override
    public void handle(Context ctx) {
        ApiJson.send(ctx, 200, DownloadJson.of(Requests.download(ctx, downloads)));
    }
}

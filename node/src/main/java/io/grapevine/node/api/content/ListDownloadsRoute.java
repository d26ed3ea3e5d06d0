package io.grapevine.node.api.content;

import io.grapevine.node.api.ApiJson;
import io.grapevine.node.download.DownloadManager;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;

/** {@code GET /api/v1/downloads}: the downloads of this run (resumed ones included). */
final class ListDownloadsRoute implements Handler {
    private final DownloadManager downloads;

    ListDownloadsRoute(DownloadManager downloads) {
        this.downloads = downloads;
    }

    @Override
    public void handle(Context ctx) {
        ApiJson.send(ctx, 200, Map.of("downloads", downloads.downloads().stream().map(DownloadJson::of).toList()));
    }
}

package io.grapevine.node.api.content;

import io.grapevine.node.api.ApiJson;
import io.grapevine.node.download.Download;
import io.grapevine.node.download.DownloadManager;
import io.grapevine.node.download.DownloadState;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.util.Map;

/**
 * {@code GET /api/v1/downloads/{contentId}/events}: server-sent {@code progress} events (the download's JSON) every
 * half second while it changes, a last one when it completes, fails or is cancelled, then the stream ends. Runs on
 * the request's virtual thread. 404 before any event when the download is unknown.
 */
final class DownloadEventsRoute implements Handler {
    static final long INTERVAL_MS = 500;

    private final DownloadManager downloads;

    DownloadEventsRoute(DownloadManager downloads) {
        this.downloads = downloads;
    }

    @Override
    public void handle(Context ctx) throws Exception {
        Download d = Requests.download(ctx, downloads);
        new SseHandler(client -> stream(client, d)).handle(ctx);
    }

    private static void stream(SseClient client, Download d) {
        String last = null;
        while (!client.terminated()) {
            Map<String, Object> json = DownloadJson.of(d);
            String text;
            try {
                text = ApiJson.MAPPER.writeValueAsString(json);
            } catch (Exception e) {
                break;
            }
            DownloadState state = d.state();
            if (!text.equals(last)) {
                client.sendEvent("progress", text);
                last = text;
            }
            if (DownloadJson.finished(state)) {
                break;
            }
            try {
                Thread.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        client.close();
    }
}

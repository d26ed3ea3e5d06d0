package io.grapevine.node.api.content;

import io.grapevine.node.api.ApiError;
import io.grapevine.node.api.ApiJson;
import io.grapevine.node.download.Download;
import io.grapevine.node.download.DownloadManager;
import io.grapevine.node.download.DownloadState;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Locale;
import java.util.Set;

/**
 * {@code POST /api/v1/downloads/{contentId}/pause|resume|cancel}: 409 when the download is not in a state the action
 * applies to (pause a running one, resume a paused one, cancel either).
 */
final class DownloadActionRoute implements Handler {
    enum Action {
        PAUSE(Set.of(DownloadState.RUNNING)),
        RESUME(Set.of(DownloadState.PAUSED)),
        CANCEL(Set.of(DownloadState.RUNNING, DownloadState.PAUSED));

        private final Set<DownloadState> from;

        Action(Set<DownloadState> from) {
            this.from = from;
        }

        String path() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final DownloadManager downloads;
    private final Action action;

    DownloadActionRoute(DownloadManager downloads, Action action) {
        this.downloads = downloads;
        this.action = action;
    }

    @Override
    public void handle(Context ctx) {
        Download d = Requests.download(ctx, downloads);
        DownloadState state = d.state();
        if (!action.from.contains(state)) {
            throw new ApiError(409, "conflict", "cannot " + action.path() + " a download that is "
                    + state.name().toLowerCase(Locale.ROOT));
        }
        switch (action) {
            case PAUSE -> d.pause();
            case RESUME -> d.resume();
            case CANCEL -> d.cancel();
        }
        ApiJson.send(ctx, 200, DownloadJson.of(d));
    }
}

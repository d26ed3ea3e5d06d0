package io.grapevine.node.api.content;

import io.grapevine.node.api.ApiRoutes;
import io.grapevine.node.api.ApiServer;
import io.grapevine.node.daemon.ContentFeature;
import io.javalin.config.RoutesConfig;

/** Shares, downloads (with server-sent progress events) and transfer settings. Documented in docs/api.md. */
public final class ContentRoutes implements ApiRoutes {
    private final ContentFeature content;

    public ContentRoutes(ContentFeature content) {
        this.content = content;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        String base = ApiServer.BASE;
        routes.post(base + "/shares", new CreateShareRoute(content.shares()));
        routes.get(base + "/shares", new ListSharesRoute(content.shares()));
        routes.get(base + "/shares/progress", new ShareProgressRoute(content.shares()));
        routes.post(base + "/downloads", new StartDownloadRoute(content));
        routes.get(base + "/downloads", new ListDownloadsRoute(content.downloads()));
        routes.get(base + "/downloads/{contentId}", new GetDownloadRoute(content.downloads()));
        for (DownloadActionRoute.Action action : DownloadActionRoute.Action.values()) {
            routes.post(base + "/downloads/{contentId}/" + action.path(),
                    new DownloadActionRoute(content.downloads(), action));
        }
        routes.get(base + "/downloads/{contentId}/events", new DownloadEventsRoute(content.downloads()));
        routes.get(base + "/settings", new GetSettingsRoute(content));
        routes.put(base + "/settings", new PutSettingsRoute(content));
    }
}

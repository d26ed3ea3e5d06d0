package io.grapevine.node.api.search;

import io.grapevine.node.announce.AnnounceFeature;
import io.grapevine.node.api.ApiRoutes;
import io.grapevine.node.api.ApiServer;
import io.javalin.config.RoutesConfig;

/** Search and announcements: {@code GET /search}, {@code GET|DELETE /announcements/{contentId}}, {@code POST /announcements}. */
public final class SearchRoutes implements ApiRoutes {
    private final AnnounceFeature feature;

    public SearchRoutes(AnnounceFeature feature) {
        this.feature = feature;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get(ApiServer.BASE + "/search", new SearchRoute(feature));
        routes.get(ApiServer.BASE + "/announcements/{contentId}", new AnnouncementRoute(feature));
        routes.post(ApiServer.BASE + "/announcements", new AnnounceRoute(feature));
        routes.delete(ApiServer.BASE + "/announcements/{contentId}", new RetractRoute(feature));
    }
}

package io.grapevine.node.api.blocklists;

import io.grapevine.node.api.ApiRoutes;
import io.grapevine.node.api.ApiServer;
import io.grapevine.node.blocklists.BlocklistFeature;
import io.javalin.config.RoutesConfig;

/** The blocklist routes: lists and votes under {@code /blocklists}, decisions and overrides under {@code /blocking}. */
public final class BlocklistRoutes implements ApiRoutes {
    private final BlocklistFeature feature;

    public BlocklistRoutes(BlocklistFeature feature) {
        this.feature = feature;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        String base = ApiServer.BASE;
        routes.post(base + "/blocklists", new CreateListRoute(feature));
        routes.get(base + "/blocklists", new ListListsRoute(feature.service()));
        routes.get(base + "/blocklists/{id}", new ShowListRoute(feature.service()));
        routes.post(base + "/blocklists/{id}/follow", new FollowRoute(feature.service()));
        routes.post(base + "/blocklists/{id}/unfollow", new UnfollowRoute(feature.service()));
        routes.post(base + "/blocklists/{id}/votes", new VoteRoute(feature));
        routes.post(base + "/blocklists/{id}/members", new InviteRoute(feature));
        routes.get(base + "/blocking/why", new WhyRoute(feature.decisions()));
        routes.post(base + "/blocking/local", new LocalRoute(feature.service()));
        routes.get(base + "/blocking/export", new ExportRoute(feature.service()));
        routes.post(base + "/blocking/import", new ImportRoute(feature.service()));
    }
}

package io.grapevine.node.api.web;

import io.grapevine.node.api.ApiRoutes;
import io.grapevine.node.api.ApiServer;
import io.grapevine.node.api.ApiToken;
import io.javalin.config.RoutesConfig;

/** The web UI on the API's port: the login at {@code /}, its files under {@code /ui/}, and the session route. */
public final class WebRoutes implements ApiRoutes {
    private final ApiToken token;
    private final WebSessions sessions;
    private final WebAuth auth;

    public WebRoutes(ApiToken token, WebSessions sessions, WebAuth auth) {
        this.token = token;
        this.sessions = sessions;
        this.auth = auth;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/", new IndexRoute(token, sessions, auth));
        // Two levels, spelled out, so every served path is a plain OpenAPI path.
        routes.get("/ui/{file}", new AssetRoute(""));
        routes.get("/ui/pages/{file}", new AssetRoute("pages/"));
        SessionRoute session = new SessionRoute(sessions);
        routes.get(ApiServer.BASE + "/session", session::get);
        routes.delete(ApiServer.BASE + "/session", session::delete);
    }
}

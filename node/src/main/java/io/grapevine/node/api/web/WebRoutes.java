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
        routes.get("/ui/<file>", new AssetRoute());
        SessionRoute session = new SessionRoute(sessions);
        routes.get(ApiServer.BASE + "/session", session::get);
        routes.delete(ApiServer.BASE + "/session", session::delete);
    }
}

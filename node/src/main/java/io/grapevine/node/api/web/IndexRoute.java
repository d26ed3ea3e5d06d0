package io.grapevine.node.api.web;

import io.grapevine.node.api.ApiToken;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;

/**
 * {@code GET /}: the login, like Jupyter's. With {@code ?token=} (the {@code web:} URL) a right token opens a session
 * in an HttpOnly cookie and redirects to {@code /}, so the token leaves the address bar and history; a wrong one gets
 * the landing page with 401. With a session cookie: the app. Without: the landing page, which says where the URL is.
 */
final class IndexRoute implements Handler {
    private final ApiToken token;
    private final WebSessions sessions;
    private final WebAuth auth;

    IndexRoute(ApiToken token, WebSessions sessions, WebAuth auth) {
        this.token = token;
        this.sessions = sessions;
        this.auth = auth;
    }

    @Override
    public void handle(Context ctx) {
        String offered = ctx.queryParam("token");
        if (offered != null) {
            if (token.accepts(offered)) {
                WebCookies.set(ctx, sessions.create());
                ctx.redirect("/", HttpStatus.SEE_OTHER);
            } else {
                send(ctx, 401, WebAssets.require("login.html"));
            }
            return;
        }
        send(ctx, 200, WebAssets.require(auth.cookieSession(ctx).isPresent() ? "index.html" : "login.html"));
    }

    static void send(Context ctx, int status, WebAssets.Asset asset) {
        ctx.status(status).contentType(asset.contentType()).result(asset.bytes());
    }
}

package io.grapevine.node.api.web;

import io.grapevine.node.api.ApiJson;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/v1/session}: how this request was authenticated and, for the web UI's cookie session, the CSRF token
 * its page must send back. Other origins cannot read the answer (no CORS), so only our page learns the token.
 * {@code DELETE /api/v1/session}: log out (the cookie session ends at once).
 */
final class SessionRoute {
    private final WebSessions sessions;

    SessionRoute(WebSessions sessions) {
        this.sessions = sessions;
    }

    void get(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        var session = WebAuth.authorizedSession(ctx);
        body.put("authenticatedBy", session.isPresent() ? "cookie" : "bearer");
        body.put("csrfHeader", WebAuth.CSRF_HEADER);
        body.put("csrfToken", session.map(WebSession::csrfToken).orElse(null));
        ApiJson.send(ctx, 200, body);
    }

    void delete(Context ctx) {
        WebAuth.authorizedSession(ctx).ifPresent(sessions::end);
        WebCookies.clear(ctx);
        ctx.status(204);
    }
}

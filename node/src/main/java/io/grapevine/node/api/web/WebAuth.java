package io.grapevine.node.api.web;

import io.grapevine.node.api.ApiError;
import io.grapevine.node.api.ApiToken;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

/**
 * Who may call: scripts with the bearer token, browsers with the session cookie set by the {@code web:} URL. A cookie
 * is sent by the browser on its own, so cookie requests also have to prove they come from our own page: fetch
 * metadata must not say another site (or another port of this host) made them, and state-changing ones must carry
 * our {@code Origin} and the session's CSRF token in {@value #CSRF_HEADER}. Bearer requests need neither: a page
 * elsewhere cannot know the token.
 */
public final class WebAuth {
    public static final String CSRF_HEADER = "X-Grapevine-CSRF";
    private static final String SESSION_ATTRIBUTE = "grapevine.webSession";
    private static final Set<HandlerType> SAFE_METHODS = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);
    /** What a browser may fetch before logging in: the landing page and its style sheet. */
    private static final Set<String> PUBLIC_PATHS = Set.of("/", "/ui/style.css");

    private final ApiToken token;
    private final WebSessions sessions;

    public WebAuth(ApiToken token, WebSessions sessions) {
        this.token = token;
        this.sessions = sessions;
    }

    /** Runs before every route; throws 401 or 403 as {@link ApiError}. */
    public void authorize(Context ctx) {
        if (isSafe(ctx) && PUBLIC_PATHS.contains(ctx.path())) return;
        String authorization = ctx.header("Authorization");
        if (authorization != null) {
            if (!token.acceptsAuthorization(authorization)) throw ApiError.unauthorized();
            return;
        }
        WebSession session = cookieSession(ctx).orElseThrow(ApiError::unauthorized);
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw crossSite("the request came from " + site.replace('-', ' ') + " page");
        }
        if (!isSafe(ctx)) {
            String origin = ctx.header("Origin");
            String host = ctx.header("Host");
            if (origin == null || host == null || !origin.equalsIgnoreCase("http://" + host)) {
                throw crossSite("Origin " + (origin == null ? "missing" : origin) + " is not this node's");
            }
            String csrf = ctx.header(CSRF_HEADER);
            if (csrf == null || !MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
                    session.csrfToken().getBytes(StandardCharsets.UTF_8))) {
                throw new ApiError(403, "csrf_token_missing", "state-changing requests from the web UI need the "
                        + CSRF_HEADER + " header from GET /api/v1/session");
            }
        }
        ctx.attribute(SESSION_ATTRIBUTE, session);
    }

    /** The session the request's cookie names, if it is one of ours; says nothing about CSRF. */
    public Optional<WebSession> cookieSession(Context ctx) {
        return sessions.find(ctx.cookie(WebCookies.sessionName(ctx)));
    }

    /** The session {@link #authorize} accepted this request by, or empty when it came with the bearer token. */
    public static Optional<WebSession> authorizedSession(Context ctx) {
        return Optional.ofNullable(ctx.attribute(SESSION_ATTRIBUTE));
    }

    private static boolean isSafe(Context ctx) {
        return SAFE_METHODS.contains(ctx.method());
    }

    private static ApiError crossSite(String why) {
        return new ApiError(403, "cross_site_request", "refused a cross-site request to the node's API: " + why);
    }
}

package io.grapevine.node.api;

import io.grapevine.node.api.web.SecurityHeaders;
import io.grapevine.node.api.web.WebAuth;
import io.grapevine.node.api.web.WebRoutes;
import io.grapevine.node.api.web.WebSessions;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The daemon's HTTP API under {@value #BASE}, and the web UI on the same port: Javalin on virtual threads. Every
 * request needs the bearer token from the {@code api-token} file or the web UI's session cookie ({@link WebAuth});
 * every error is JSON with a stable code. On start the token and URL files are written to
 * the home folder; {@link #close()} stops the server and removes them.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    public static final String BASE = "/api/v1";
    /** No route takes a large body yet; uploads will stream files from disk by path, not through the API. */
    public static final long MAX_BODY_BYTES = 64 * 1024;

    private final Javalin javalin;
    private final ApiFiles files;
    private final ApiToken token;
    private final String url;
    private final List<String> routes;

    private ApiServer(Javalin javalin, ApiFiles files, ApiToken token, String url, List<String> routes) {
        this.javalin = javalin;
        this.files = files;
        this.token = token;
        this.url = url;
        this.routes = List.copyOf(routes);
    }

    /**
     * Writes a fresh token, binds, then writes the URL (so a client that sees {@code api} can already connect).
     * {@code groups} are the features' routes, added in order; {@code version} goes into the OpenAPI document.
     */
    public static ApiServer start(ApiBinding binding, ApiFiles files, String version, List<ApiRoutes> groups)
            throws IOException {
        if (!ApiBinding.isLoopback(binding.host())) {
            log.warn("the HTTP API listens on {}, reachable from the network; anyone with the token controls this node",
                    binding.host());
        }
        ApiToken token = ApiToken.random();
        files.writeToken(token);
        WebSessions sessions = new WebSessions();
        WebAuth auth = new WebAuth(token, sessions);
        List<String> routes = new ArrayList<>();
        Javalin javalin = Javalin.create(config -> {
            config.events.handlerAdded(info -> {
                if (info.getHttpMethod().isHttpMethod()) routes.add(info.getHttpMethod().name() + " " + info.getPath());
            });
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.http.prefer405over404 = true;
            config.jetty.host = binding.host();
            config.jetty.port = binding.port();
            config.routes.before(ctx -> {
                SecurityHeaders.apply(ctx);
                auth.authorize(ctx);
                if (ctx.contentLength() > MAX_BODY_BYTES) throw ApiError.tooLarge(MAX_BODY_BYTES);
            });
            new WebRoutes(token, sessions, auth).addTo(config.routes);
            new OpenApiRoute(version).addTo(config.routes);
            for (ApiRoutes group : groups) group.addTo(config.routes);
            config.routes.exception(ApiError.class, (e, ctx) -> ApiJson.sendError(ctx, e));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> ApiJson.sendError(ctx, translate(e, ctx)));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.warn("API {} {} failed", ctx.method(), ctx.path(), e);
                ApiJson.sendError(ctx, new ApiError(500, "internal_error", "internal error: " + e.getClass().getSimpleName()));
            });
        });
        try {
            javalin.start();
        } catch (RuntimeException e) {
            files.remove();
            throw new IOException("cannot start the HTTP API on " + binding.host() + ":" + binding.port() + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
        String url = "http://" + binding.clientHost() + ":" + javalin.port();
        try {
            files.writeUrl(url);
        } catch (IOException | RuntimeException e) {
            javalin.stop();
            files.remove();
            throw e;
        }
        log.info("HTTP API at {}", url);
        return new ApiServer(javalin, files, token, url, routes);
    }

    /** Javalin's own errors (no route, wrong method, body too large) in our format and vocabulary. */
    private static ApiError translate(HttpResponseException e, Context ctx) {
        return switch (e.getStatus()) {
            case 404 -> ApiError.notFound(ctx.path());
            case 405 -> ApiError.methodNotAllowed(ctx.method().name(), ctx.path());
            case 413 -> ApiError.tooLarge(MAX_BODY_BYTES);
            default -> new ApiError(e.getStatus(), "http_" + e.getStatus(), e.getMessage());
        };
    }

    /** The URL clients use, e.g. {@code http://127.0.0.1:5080}. */
    public String url() { return url; }
    /** The URL that logs a browser into the web UI (the {@code web:} line): keep it as secret as the token. */
    public String webUrl() { return url + "/?token=" + token.value(); }
    public int port() { return javalin.port(); }
    public ApiToken token() { return token; }
    public ApiFiles files() { return files; }

    /** Every route served, as {@code "GET /api/v1/status"}, in registration order (the OpenAPI test reads it). */
    public List<String> routes() { return routes; }

    @Override
    public void close() {
        javalin.stop();
        try {
            files.remove();
        } catch (IOException e) {
            log.warn("could not remove {} and {}: {}", files.urlFile(), files.tokenFile(), e.toString());
        }
    }
}

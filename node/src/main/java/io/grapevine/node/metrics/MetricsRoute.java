package io.grapevine.node.metrics;

import io.grapevine.node.api.ApiRoutes;
import io.javalin.config.RoutesConfig;

/**
 * {@code GET /metrics} in the Prometheus text format. Like every route it needs the bearer token; Prometheus sends it
 * with {@code authorization: {credentials_file: <home>/api-token}}.
 */
public final class MetricsRoute implements ApiRoutes {
    public static final String PATH = "/metrics";
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final NodeMetrics metrics;

    public MetricsRoute(NodeMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get(PATH, ctx -> ctx.contentType(CONTENT_TYPE).result(metrics.scrape()));
    }
}

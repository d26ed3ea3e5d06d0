package io.grapevine.node.api;

import io.grapevine.node.p2p.host.Host;
import io.javalin.config.RoutesConfig;

import java.time.Instant;

/** The routes every node has: {@code GET /status} and {@code GET /peers}. */
public final class NodeRoutes implements ApiRoutes {
    private final Host host;
    private final Instant startedAt;

    public NodeRoutes(Host host, Instant startedAt) {
        this.host = host;
        this.startedAt = startedAt;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get(ApiServer.BASE + "/status", new StatusRoute(host, startedAt));
        routes.get(ApiServer.BASE + "/peers", new PeersRoute(host));
    }
}

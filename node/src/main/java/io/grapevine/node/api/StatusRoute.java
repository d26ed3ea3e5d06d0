package io.grapevine.node.api;

import io.grapevine.node.identity.PeerId;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.p2p.host.Connection;
import io.grapevine.node.p2p.host.Host;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code GET /api/v1/status}: who this node is, how long it has run, where it listens, how many peers it has. */
final class StatusRoute implements Handler {
    private final Host host;
    private final Instant startedAt;

    StatusRoute(Host host, Instant startedAt) {
        this.host = host;
        this.startedAt = startedAt;
    }

    @Override
    public void handle(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("peerId", host.peerId().toString());
        body.put("agentVersion", host.config().agentVersion());
        body.put("uptimeSeconds", Duration.between(startedAt, Instant.now()).toSeconds());
        body.put("listenAddresses", host.listenAddresses().stream().map(Multiaddr::toString).toList());
        body.put("connectedPeers", host.connections().stream().filter(Connection::isOpen)
                .map(Connection::remotePeer).map(PeerId::toString).collect(Collectors.toSet()).size());
        ApiJson.send(ctx, 200, body);
    }
}

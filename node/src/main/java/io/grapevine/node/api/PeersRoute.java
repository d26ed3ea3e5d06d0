package io.grapevine.node.api;

import io.grapevine.node.p2p.host.Connection;
import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.p2p.host.PeerInfo;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/v1/peers}: one entry per open connection, with what identify told the peer store. {@code latencyMs}
 * is null until the first liveness ping on that connection has come back.
 */
final class PeersRoute implements Handler {
    private final Host host;

    PeersRoute(Host host) {
        this.host = host;
    }

    @Override
    public void handle(Context ctx) {
        List<Map<String, Object>> peers = new ArrayList<>();
        for (Connection connection : host.connections()) {
            if (!connection.isOpen()) continue;
            Optional<PeerInfo> info = host.peerStore().get(connection.remotePeer());
            Map<String, Object> peer = new LinkedHashMap<>();
            peer.put("peerId", connection.remotePeer().toString());
            peer.put("address", connection.remoteAddress().toString());
            peer.put("direction", connection.direction().name().toLowerCase(Locale.ROOT));
            peer.put("agentVersion", info.map(PeerInfo::agentVersion).orElse(""));
            peer.put("protocols", info.map(PeerInfo::protocols).orElse(List.of()));
            peer.put("latencyMs", host.latency(connection).map(rtt -> rtt.toNanos() / 1e6).orElse(null));
            peers.add(peer);
        }
        ApiJson.send(ctx, 200, Map.of("peers", peers));
    }
}

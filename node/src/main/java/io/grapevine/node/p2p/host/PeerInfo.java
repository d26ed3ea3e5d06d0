package io.grapevine.node.p2p.host;

import io.grapevine.node.identity.PeerId;
import io.grapevine.node.multiformats.Multiaddr;
import java.time.Instant;
import java.util.List;

/** What the node knows about one peer: where to reach it, when it was last connected, what it speaks. */
public record PeerInfo(
        PeerId peerId, List<Multiaddr> addresses, Instant lastSeen, List<String> protocols, String agentVersion) {
    public PeerInfo {
        addresses = List.copyOf(addresses);
        protocols = List.copyOf(protocols);
        agentVersion = agentVersion == null ? "" : agentVersion;
    }
}

package io.grapevine.node.p2p.identify;

import io.grapevine.node.identity.PublicKey;
import io.grapevine.node.multiformats.Multiaddr;
import java.util.List;

/**
 * What a peer says about itself in an Identify message. Absent fields are null (lists empty): an identify/push may
 * carry only the fields that changed.
 *
 * @param protocolVersion protocol family, e.g. {@code ipfs/0.1.0}
 * @param agentVersion    implementation, e.g. {@code grapevine/0.1.0}
 * @param publicKey       the peer's identity key
 * @param listenAddrs     where the peer listens
 * @param observedAddr    the address the peer sees the other side of the connection come from
 * @param protocols       protocol ids the peer accepts inbound streams for
 */
public record IdentifyInfo(String protocolVersion, String agentVersion, PublicKey publicKey,
                           List<Multiaddr> listenAddrs, Multiaddr observedAddr, List<String> protocols) {
    public static final String PROTOCOL_ID = "/ipfs/id/1.0.0";
    public static final String PUSH_PROTOCOL_ID = "/ipfs/id/push/1.0.0";
    public static final String DEFAULT_PROTOCOL_VERSION = "ipfs/0.1.0";

    public IdentifyInfo {
        listenAddrs = listenAddrs == null ? List.of() : List.copyOf(listenAddrs);
        protocols = protocols == null ? List.of() : List.copyOf(protocols);
    }

    /** This info as it would be sent to a remote seen at {@code observed} (null when there is none). */
    public IdentifyInfo withObservedAddr(Multiaddr observed) {
        return new IdentifyInfo(protocolVersion, agentVersion, publicKey, listenAddrs, observed, protocols);
    }
}

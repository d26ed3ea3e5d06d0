package io.grapevine.node.p2p.noise;

import io.grapevine.node.identity.PeerId;
import io.grapevine.node.identity.PublicKey;
import java.util.List;

/**
 * The outcome of a successful Noise handshake: the authenticated remote identity and the stream muxers it advertised
 * in its handshake extensions (empty when it sent none).
 */
public record NoiseSession(PeerId remotePeer, PublicKey remoteKey, List<String> remoteMuxers) {
    public NoiseSession {
        remoteMuxers = List.copyOf(remoteMuxers);
    }
}

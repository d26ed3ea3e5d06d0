package io.grapevine.node.transfer;

import io.grapevine.node.identity.PeerId;

/** A peer broke the protocol or sent bytes that are not the chunk asked for; it has been penalized. */
public final class BadPeerException extends RuntimeException {
    private final PeerId peer;

    public BadPeerException(PeerId peer, String reason) {
        super("peer " + peer + ": " + reason);
        this.peer = peer;
    }

    public PeerId peer() {
        return peer;
    }
}

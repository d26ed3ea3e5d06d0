package io.grapevine.node.sync;

import java.io.IOException;

/** A sync session failed: the peer broke the protocol or a limit, gave up, went silent, or the stream ended early. */
public class SyncException extends IOException {
    private final boolean peerFault;

    public SyncException(String message, boolean peerFault) {
        super(message);
        this.peerFault = peerFault;
    }

    /** True when the peer misbehaved (bad message, over a limit, invalid records), not merely failed or went away. */
    public boolean peerFault() {
        return peerFault;
    }
}

package io.grapevine.node.p2p.multistream;

import java.io.IOException;

/** A multistream-select negotiation failed: malformed message, timeout, or no protocol in common. */
public final class MultistreamException extends IOException {
    public MultistreamException(String message) {
        super(message);
    }
}

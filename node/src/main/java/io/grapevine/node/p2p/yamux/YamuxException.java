package io.grapevine.node.p2p.yamux;

/** A violation of the Yamux protocol by the remote peer; the session answers with GO_AWAY and closes. */
public class YamuxException extends Exception {
    public YamuxException(String message) {
        super(message);
    }
}

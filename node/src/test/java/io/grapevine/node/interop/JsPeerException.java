package io.grapevine.node.interop;

/** A command to the js-libp2p peer failed: js reported an error, or it did not answer in time. */
public final class JsPeerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public JsPeerException(String message) {
        super(message);
    }
}

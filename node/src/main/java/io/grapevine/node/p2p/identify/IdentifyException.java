package io.grapevine.node.p2p.identify;

/** An Identify exchange that failed: malformed or oversized message, wrong key, or the stream ended too early. */
public class IdentifyException extends Exception {
    public IdentifyException(String message) {
        super(message);
    }

    public IdentifyException(String message, Throwable cause) {
        super(message, cause);
    }
}

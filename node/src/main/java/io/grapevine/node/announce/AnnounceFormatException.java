package io.grapevine.node.announce;

/** A malformed or out-of-bounds announcement message; the message says which rule it broke. */
public final class AnnounceFormatException extends RuntimeException {
    public AnnounceFormatException(String message) {
        super(message);
    }

    public AnnounceFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

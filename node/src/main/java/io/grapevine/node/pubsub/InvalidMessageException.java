package io.grapevine.node.pubsub;

/** A pubsub message that fails the signature policy; the reason says which check. */
public final class InvalidMessageException extends Exception {
    public InvalidMessageException(String reason) {
        super(reason);
    }
}

package io.grapevine.node.identity;

/** A key or peer id whose encoding is invalid or of a kind this node refuses. */
public class KeyFormatException extends IllegalArgumentException {
    public KeyFormatException(String message) {
        super(message);
    }

    public KeyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

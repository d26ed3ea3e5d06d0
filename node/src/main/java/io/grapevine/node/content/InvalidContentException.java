package io.grapevine.node.content;

/** Content that must be refused: a hostile or malformed manifest, file name or chunk. The message says why. */
public class InvalidContentException extends RuntimeException {
    public InvalidContentException(String message) {
        super(message);
    }

    public InvalidContentException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.grapevine.node.multiformats;

/** Input that is not a valid encoding of a multiformat (varint, multibase, multihash, CID, multiaddr). */
public class InvalidMultiformatException extends IllegalArgumentException {
    public InvalidMultiformatException(String message) {
        super(message);
    }

    public InvalidMultiformatException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.grapevine.blocklist.record;

/** A record's signature did not verify against its signer key. */
public final class InvalidSignatureException extends Exception {
    public InvalidSignatureException(String message) {
        super(message);
    }
}

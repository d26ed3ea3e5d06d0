package io.grapevine.market.payment;

/** A full block that cannot be scanned: not in our header chain, or its transactions do not match its header. */
public final class InvalidBlockException extends Exception {
    public InvalidBlockException(String message) {
        super(message);
    }
}

package io.grapevine.market.chain;

/** A header the chain refused: unknown parent, bad proof of work, or a store failure. */
public final class HeaderRejectedException extends Exception {
    public HeaderRejectedException(String message) {
        super(message);
    }

    public HeaderRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}

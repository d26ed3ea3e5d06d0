package io.grapevine.node.market;

/**
 * A market request refused with a stable code (a payment {@code RefusalReason}, a {@code LicenseRefusal}, or one of
 * this package's: UNKNOWN_LISTING, UNKNOWN_ORDER, NOT_YOUR_ORDER, UNSUPPORTED_KEY, BAD_REQUEST, ...) and a message
 * for people. Carried over the wire as a {@code Refusal}.
 */
public final class MarketRefusedException extends Exception {
    private final String code;

    public MarketRefusedException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return code + ": " + getMessage();
    }
}

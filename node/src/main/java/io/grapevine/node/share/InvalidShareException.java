package io.grapevine.node.share;

/** A share request that cannot be honoured; {@code field} names what is wrong (the API answers 400 with it). */
public final class InvalidShareException extends IllegalArgumentException {
    private final String field;

    public InvalidShareException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}

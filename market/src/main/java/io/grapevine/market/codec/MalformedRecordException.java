package io.grapevine.market.codec;

/** Bytes that do not decode as the expected record: truncated, out of bounds, wrong type, trailing data. */
public final class MalformedRecordException extends Exception {
    public MalformedRecordException(String message) {
        super(message);
    }
}

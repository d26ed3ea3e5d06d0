package io.grapevine.blocklist.codec;

/** Canonical bytes that do not decode: wrong tag, truncated, a length over its bound, or trailing garbage. */
public final class MalformedRecordException extends RuntimeException {
    public MalformedRecordException(String message) {
        super(message);
    }
}

package io.grapevine.node.transfer;

import io.grapevine.node.transfer.proto.ErrorCode;

/** The responder refused a request (unknown content, or a request it judged bad). */
public final class ChunksRefusedException extends RuntimeException {
    private final ErrorCode code;

    public ChunksRefusedException(ErrorCode code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}

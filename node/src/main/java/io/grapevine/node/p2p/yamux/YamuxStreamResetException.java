package io.grapevine.node.p2p.yamux;

import java.io.IOException;

/** Fired on a stream's pipeline when the stream was reset (RST received, or not acknowledged in time). */
public class YamuxStreamResetException extends IOException {
    public YamuxStreamResetException(String message) {
        super(message);
    }
}

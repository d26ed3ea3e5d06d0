package io.grapevine.node.p2p.noise;

import java.io.IOException;

/** A Noise handshake or transport failure; the message says why (bad signature, decrypt failure, timeout, ...). */
public final class NoiseException extends IOException {
    public NoiseException(String message) {
        super(message);
    }

    public NoiseException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.grapevine.node.market;

import java.time.Duration;

/** {@code /grapevine/market/1}: one length-prefixed request and one response per stream (docs/protocols.md). */
public final class MarketProtocol {
    public static final String PROTOCOL_ID = "/grapevine/market/1";
    /** A transaction (at most 4,000,000 bytes) plus its proof (at most 2,200,000) and the framing around them. */
    public static final int MAX_REQUEST_BYTES = 6_400_000;
    /** A license (at most 512,000 bytes) plus a plaintext root manifest (at most 8 MiB). */
    public static final int MAX_RESPONSE_BYTES = 9 * 1024 * 1024;
    /** Whole exchange: the request must arrive, and the response come back, within this. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private MarketProtocol() {
    }
}

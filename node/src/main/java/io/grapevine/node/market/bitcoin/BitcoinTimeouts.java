package io.grapevine.node.market.bitcoin;

import java.time.Duration;

/**
 * Every wait on a Bitcoin peer is bounded: the version/verack handshake, an answer to getheaders or getdata, silence
 * (we ping when idle, so a live peer always says something), and the reconnect backoff's cap.
 */
public record BitcoinTimeouts(Duration handshake, Duration request, Duration pingEvery, Duration silence,
                              Duration firstBackoff, Duration maxBackoff, Duration scanEvery) {
    public static BitcoinTimeouts defaults() {
        return new BitcoinTimeouts(Duration.ofSeconds(15), Duration.ofSeconds(60), Duration.ofMinutes(2),
                Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofMinutes(2), Duration.ofSeconds(30));
    }
}

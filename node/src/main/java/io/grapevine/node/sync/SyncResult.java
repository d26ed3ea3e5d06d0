package io.grapevine.node.sync;

import io.grapevine.node.identity.PeerId;
import java.time.Duration;

/**
 * What one session did. {@code received} counts records that were new and stored; {@code bytesIn}/{@code bytesOut}
 * are the session's message bytes on the stream (length prefixes included; Yamux and Noise framing not).
 */
public record SyncResult(String set, PeerId peer, boolean initiator, long received, long known, long ignored,
        long invalid, long sent, long bytesIn, long bytesOut, int rounds, Duration duration) {
}

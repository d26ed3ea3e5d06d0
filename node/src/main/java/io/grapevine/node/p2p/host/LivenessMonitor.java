package io.grapevine.node.p2p.host;

import io.grapevine.node.p2p.ping.Ping;
import io.grapevine.node.p2p.ping.PingClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pings one connection on a long-lived ping stream each time {@link #tick()} is called, and closes the connection
 * after {@code maxFailures} failures in a row. A ping stream the remote closed is reopened without counting a failure.
 */
final class LivenessMonitor {
    private static final Logger log = LoggerFactory.getLogger(LivenessMonitor.class);

    private final Connection connection;
    private final Duration timeout;
    private final int maxFailures;
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private volatile PingClient client;
    private volatile io.netty.channel.Channel clientStream;
    private volatile int failures;
    private volatile Duration lastRtt;

    LivenessMonitor(Connection connection, Duration timeout, int maxFailures) {
        this.connection = connection;
        this.timeout = timeout;
        this.maxFailures = maxFailures;
    }

    /** The round-trip time of the last successful ping, or null before the first. */
    Duration lastRtt() {
        return lastRtt;
    }

    void tick() {
        if (!connection.isOpen() || !inFlight.compareAndSet(false, true)) {
            return;
        }
        pingClient()
                .thenCompose(PingClient::ping)
                .whenComplete((rtt, error) -> {
                    inFlight.set(false);
                    if (error == null) {
                        failures = 0;
                        lastRtt = rtt;
                        return;
                    }
                    client = null;
                    if (++failures >= maxFailures) {
                        connection.abort("liveness: " + failures + " pings failed, last: " + Host.rootMessage(error));
                    } else {
                        log.debug("ping to {} failed ({} of {}): {}", connection.remotePeer(), failures, maxFailures,
                                Host.rootMessage(error));
                    }
                });
    }

    private CompletableFuture<PingClient> pingClient() {
        PingClient current = client;
        if (current != null && clientStream.isActive()) {
            return CompletableFuture.completedFuture(current);
        }
        CompletableFuture<PingClient> opened = new CompletableFuture<>();
        connection.newStream(List.of(Ping.PROTOCOL_ID), stream -> {
            PingClient fresh = new PingClient(stream.channel(), timeout);
            clientStream = stream.channel();
            client = fresh;
            opened.complete(fresh);
        }).exceptionally(e -> {
            opened.completeExceptionally(e);
            return null;
        });
        return opened;
    }

    void close() {
        PingClient current = client;
        if (current != null) {
            current.close();
        }
    }
}

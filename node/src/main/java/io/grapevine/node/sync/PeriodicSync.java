package io.grapevine.node.sync;

import io.grapevine.node.identity.PeerId;
import io.grapevine.node.p2p.host.Connection;
import io.grapevine.node.p2p.host.Host;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-syncs a set with a few connected peers every interval (jittered to 75–125 %, so nodes started together do not
 * sync in step), so a node that missed gossip while connected still converges. A peer whose previous session of the
 * set is still running is skipped ({@link SyncService#syncIfIdle}). Closing stops the rounds; the service ends running
 * sessions when it closes.
 */
public final class PeriodicSync implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeriodicSync.class);

    private final SyncService service;
    private final Host host;
    private final String set;
    private final Duration interval;
    private final int peersPerRound;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "grapevine-sync-periodic");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    private PeriodicSync(SyncService service, Host host, String set, Duration interval, int peersPerRound) {
        this.service = service;
        this.host = host;
        this.set = set;
        this.interval = interval;
        this.peersPerRound = peersPerRound;
    }

    /** Starts rounds of {@code set} with up to {@code peersPerRound} connected peers, the first after one interval. */
    public static PeriodicSync start(SyncService service, Host host, String set, Duration interval, int peersPerRound) {
        if (interval.isNegative() || interval.isZero() || peersPerRound < 1) {
            throw new IllegalArgumentException("periodic sync needs a positive interval and peer count");
        }
        PeriodicSync periodic = new PeriodicSync(service, host, set, interval, peersPerRound);
        periodic.scheduleNext();
        return periodic;
    }

    private void scheduleNext() {
        long base = Math.max(1, interval.toMillis());
        long delay = base * 3 / 4 + ThreadLocalRandom.current().nextLong(Math.max(1, base / 2));
        try {
            timer.schedule(this::round, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    /** One round: connected peers in random order, the first {@code peersPerRound} not already syncing. */
    private void round() {
        try {
            Set<PeerId> peers = new LinkedHashSet<>();
            for (Connection c : host.connections()) peers.add(c.remotePeer());
            List<PeerId> order = new ArrayList<>(peers);
            Collections.shuffle(order);
            int started = 0;
            for (PeerId peer : order) {
                if (closed || started == peersPerRound) break;
                var session = service.syncIfIdle(peer, set);
                if (session.isEmpty()) continue;
                started++;
                session.get().whenComplete((r, e) -> {
                    if (e != null) {
                        log.debug("periodic sync of {} with {} failed: {}", set, peer, e.toString());
                    } else if (r.received() > 0 || r.sent() > 0) {
                        log.info("periodic sync of {} with {}: {} new, {} sent, {} bytes in, {} out", set, peer,
                                r.received(), r.sent(), r.bytesIn(), r.bytesOut());
                    }
                });
            }
        } catch (RuntimeException e) {
            log.warn("periodic sync round of {} failed: {}", set, e.toString());
        } finally {
            if (!closed) scheduleNext();
        }
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
    }
}

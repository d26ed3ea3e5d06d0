package io.grapevine.node.daemon;

import io.grapevine.node.announce.AnnounceFeature;
import io.grapevine.node.metrics.SyncMeters;
import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.sync.PeriodicSync;
import io.grapevine.node.sync.SyncConfig;
import io.grapevine.node.sync.SyncResult;
import io.grapevine.node.sync.SyncService;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Catch-up in the running node: {@code /grapevine/sync/1} serving the announcement set ({@link #ANNOUNCE_SET}) and
 * reconciling it with the peers we dial, a few at once, and again every {@code syncIntervalSeconds} with a few
 * connected peers (gossip missed while connected converges). Added after the features whose sets it serves, so it is
 * closed (sessions ended) before their stores and the database.
 */
public final class SyncFeature implements NodeFeature {
    /** The announcement set's name on the wire (docs/protocols.md). */
    public static final String ANNOUNCE_SET = "announce";
    /** Sessions of one set started on connect at once; other connections skip it and rely on these. */
    public static final int ON_CONNECT_SESSIONS = 3;
    /** Connected peers synced in each periodic round. */
    public static final int PERIODIC_PEERS = 2;
    private static final Logger log = LoggerFactory.getLogger(SyncFeature.class);

    private final SyncService service;
    private final PeriodicSync periodic;

    private SyncFeature(SyncService service, PeriodicSync periodic) {
        this.service = service;
        this.periodic = periodic;
    }

    /**
     * Registers the protocol on {@code host} (before it starts) with the announcement set; {@code interval} between
     * periodic rounds, zero for none.
     */
    public static SyncFeature start(Host host, AnnounceFeature announce, MeterRegistry registry, Duration interval) {
        SyncService service = new SyncService(host, SyncConfig.defaults());
        service.addSet(ANNOUNCE_SET, announce.syncStore());
        SyncMeters meters = new SyncMeters(registry);
        service.onResult(r -> {
            meters.accept(r);
            // our own on-connect sessions are logged by the service; log what peers' sessions brought
            if (!r.initiator() && (r.received() > 0 || r.invalid() > 0)) log(r);
        });
        service.syncOnConnect(ANNOUNCE_SET, ON_CONNECT_SESSIONS);
        service.register();
        PeriodicSync periodic = interval.isZero() ? null
                : PeriodicSync.start(service, host, ANNOUNCE_SET, interval, PERIODIC_PEERS);
        return new SyncFeature(service, periodic);
    }

    private static void log(SyncResult r) {
        log.info("sync {} with {} as {}: {} new, {} known, {} ignored, {} invalid, {} sent; {} bytes in, {} out, "
                        + "{} rounds, {} ms", r.set(), r.peer(), r.initiator() ? "initiator" : "responder", r.received(),
                r.known(), r.ignored(), r.invalid(), r.sent(), r.bytesIn(), r.bytesOut(), r.rounds(),
                r.duration().toMillis());
    }

    public SyncService service() { return service; }

    @Override
    public void close() {
        if (periodic != null) periodic.close();
        service.close();
    }
}

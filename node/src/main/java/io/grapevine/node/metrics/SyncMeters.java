package io.grapevine.node.metrics;

import io.grapevine.node.sync.SyncResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Finished {@code /grapevine/sync/1} sessions as Micrometer counters: {@code grapevine_sync_sessions_total{set,role}},
 * {@code grapevine_sync_records_total{set,outcome}} (outcome received, known, ignored, invalid, sent) and
 * {@code grapevine_sync_bytes_total{set,direction}}. Only sets we serve reach here, so peers cannot grow the series.
 */
public final class SyncMeters implements Consumer<SyncResult> {
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public SyncMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void accept(SyncResult r) {
        count("grapevine.sync.sessions", "finished sync sessions", r.set(), "role",
                r.initiator() ? "initiator" : "responder", 1);
        String records = "grapevine.sync.records";
        String what = "records in finished sync sessions";
        count(records, what, r.set(), "outcome", "received", r.received());
        count(records, what, r.set(), "outcome", "known", r.known());
        count(records, what, r.set(), "outcome", "ignored", r.ignored());
        count(records, what, r.set(), "outcome", "invalid", r.invalid());
        count(records, what, r.set(), "outcome", "sent", r.sent());
        count("grapevine.sync.bytes", "sync message bytes", r.set(), "direction", "in", r.bytesIn());
        count("grapevine.sync.bytes", "sync message bytes", r.set(), "direction", "out", r.bytesOut());
    }

    private void count(String name, String description, String set, String tag, String value, long amount) {
        counters.computeIfAbsent(name + '\n' + set + '\n' + value, key -> Counter.builder(name)
                .description(description).tag("set", set).tag(tag, value).register(registry)).increment(amount);
    }
}

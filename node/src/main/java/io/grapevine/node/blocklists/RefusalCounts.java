package io.grapevine.node.blocklists;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Refused blocklist records by reason, for the API and Prometheus ({@code grapevine_blocklist_refused_total}). */
public final class RefusalCounts {
    private final Map<Refusal, LongAdder> counts = new EnumMap<>(Refusal.class);

    public RefusalCounts() {
        for (Refusal r : Refusal.values()) {
            counts.put(r, new LongAdder());
        }
    }

    void count(Refusal refusal) {
        counts.get(refusal).increment();
    }

    public long get(Refusal refusal) {
        return counts.get(refusal).sum();
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> out = new java.util.TreeMap<>();
        counts.forEach((r, n) -> out.put(r.code(), n.sum()));
        return out;
    }

    public void bindTo(MeterRegistry registry) {
        counts.forEach((r, n) -> FunctionCounter.builder("grapevine_blocklist_refused", n, LongAdder::sum)
                .description("blocklist records refused, by reason").tag("reason", r.code()).register(registry));
    }
}

package io.grapevine.node.blocklists;

import io.grapevine.blocklist.record.Key;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-signer token buckets for gossiped records: a key may send {@code burst} records at once and {@code perSecond}
 * more each second. At most {@code maxKeys} buckets are kept (least recently used dropped), so a swarm of fresh keys
 * cannot grow memory; the tally's own per-voter cap bounds what a dropped key can still do. Not thread-safe.
 */
public final class FloodLimiter {
    public record Limits(double burst, double perSecond, int maxKeys) {
        public static final Limits DEFAULT = new Limits(200, 2, 100_000);
    }

    private static final class Bucket {
        double tokens;
        long lastMillis;
    }

    private final Limits limits;
    private final LinkedHashMap<Key, Bucket> buckets = new LinkedHashMap<>(16, 0.75f, true);

    public FloodLimiter(Limits limits) {
        this.limits = limits;
    }

    /** Takes one token for {@code signer}; false when its bucket is empty. */
    public boolean tryAcquire(Key signer, long nowMillis) {
        Bucket b = buckets.get(signer);
        if (b == null) {
            b = new Bucket();
            b.tokens = limits.burst();
            b.lastMillis = nowMillis;
            buckets.put(signer, b);
            if (buckets.size() > limits.maxKeys()) {
                Iterator<Map.Entry<Key, Bucket>> eldest = buckets.entrySet().iterator();
                eldest.next();
                eldest.remove();
            }
        }
        long elapsed = Math.max(0, nowMillis - b.lastMillis);
        b.tokens = Math.min(limits.burst(), b.tokens + elapsed * limits.perSecond() / 1000.0);
        b.lastMillis = Math.max(b.lastMillis, nowMillis);
        if (b.tokens < 1) {
            return false;
        }
        b.tokens -= 1;
        return true;
    }
}

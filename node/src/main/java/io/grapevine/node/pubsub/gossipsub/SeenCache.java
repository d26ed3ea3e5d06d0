package io.grapevine.node.pubsub.gossipsub;

import com.google.protobuf.ByteString;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ids of messages already received, kept for a TTL so a duplicate is dropped before any signature check. Bounded:
 * past {@code maxEntries} the oldest are forgotten early. Not thread-safe: the router's thread owns it.
 */
public final class SeenCache {
    private final long ttlMillis;
    private final int maxEntries;
    private final LinkedHashMap<ByteString, Long> expiries = new LinkedHashMap<>();

    public SeenCache(long ttlMillis, int maxEntries) {
        this.ttlMillis = ttlMillis;
        this.maxEntries = maxEntries;
    }

    /** Records {@code id}; true when it was not seen within the TTL. */
    public boolean add(ByteString id, long nowMillis) {
        Long expiry = expiries.get(id);
        if (expiry != null && expiry > nowMillis) {
            return false;
        }
        expiries.remove(id);
        expiries.put(id, nowMillis + ttlMillis);
        if (expiries.size() > maxEntries) {
            Iterator<ByteString> oldest = expiries.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    public boolean contains(ByteString id, long nowMillis) {
        Long expiry = expiries.get(id);
        return expiry != null && expiry > nowMillis;
    }

    /** Drops expired ids; entries are in insertion order, so expiry order too. */
    public void expire(long nowMillis) {
        Iterator<Map.Entry<ByteString, Long>> it = expiries.entrySet().iterator();
        while (it.hasNext() && it.next().getValue() <= nowMillis) {
            it.remove();
        }
    }

    public int size() {
        return expiries.size();
    }
}

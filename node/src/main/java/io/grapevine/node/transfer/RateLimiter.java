package io.grapevine.node.transfer;

import io.grapevine.node.identity.PeerId;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One direction's limits (upload or download): a node-wide bucket and one bucket per peer. Idle peer buckets are
 * dropped so the map stays bounded by the peers we actually talk to.
 */
public final class RateLimiter {
    private static final int PRUNE_ABOVE = 256;
    private static final long IDLE_NANOS = 60_000_000_000L;

    private record PeerBucket(TokenBucket bucket, long[] lastUse) {
    }

    private final TokenBucket global;
    private volatile long perPeerRate;
    private final Map<PeerId, PeerBucket> perPeer = new ConcurrentHashMap<>();

    /** Every byte accounted, limited or not: the node's bytes up (or down) for metrics. */
    private final java.util.concurrent.atomic.LongAdder transferred = new java.util.concurrent.atomic.LongAdder();

    public RateLimiter(long globalRate, long perPeerRate) {
        this.global = new TokenBucket(globalRate);
        this.perPeerRate = perPeerRate;
    }

    public void setRates(long globalRate, long perPeerRate) {
        global.setRate(globalRate);
        this.perPeerRate = perPeerRate;
        perPeer.values().forEach(b -> b.bucket().setRate(perPeerRate));
    }

    /** Accounts {@code bytes} sent to or received from {@code peer}. */
    public void take(PeerId peer, long bytes) {
        transferred.add(bytes);
        global.take(bytes);
        bucket(peer).take(bytes);
    }

    /** Bytes accounted since start. */
    public long transferredBytes() {
        return transferred.sum();
    }

    /** How long to wait before the next send or read for {@code peer}: the longer of the two buckets' debts. */
    public long delayNanos(PeerId peer) {
        return Math.max(global.delayNanos(), bucket(peer).delayNanos());
    }

    private TokenBucket bucket(PeerId peer) {
        long now = System.nanoTime();
        PeerBucket b = perPeer.get(peer);
        if (b == null) {
            if (perPeer.size() >= PRUNE_ABOVE) {
                prune(now);
            }
            b = perPeer.computeIfAbsent(peer, p -> new PeerBucket(new TokenBucket(perPeerRate), new long[1]));
        }
        b.lastUse()[0] = now;
        return b.bucket();
    }

    private void prune(long now) {
        for (Iterator<PeerBucket> it = perPeer.values().iterator(); it.hasNext(); ) {
            PeerBucket b = it.next();
            if (now - b.lastUse()[0] > IDLE_NANOS && b.bucket().delayNanos() == 0) {
                it.remove();
            }
        }
    }
}

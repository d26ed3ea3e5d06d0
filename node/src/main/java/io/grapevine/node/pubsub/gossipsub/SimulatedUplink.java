package io.grapevine.node.pubsub.gossipsub;

import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * For simulations only: one node's upload link of a given bandwidth, shared by all its peers. Message RPCs leave one
 * at a time in the order queued, each written when its last byte would have left (serialization delay = bits /
 * bandwidth); a message whose peer said IDONTWANT before its turn came is skipped. Control-only RPCs do not queue
 * here: they are tens of bytes and travel on their own connection, so they would not wait for other peers' data.
 */
final class SimulatedUplink {
    private final long bitsPerSecond;
    /** Guarded by {@code this}. */
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private boolean transmitting;

    private record Pending(PeerState peer, Channel channel, PeerState.Outgoing out) {}

    SimulatedUplink(long bitsPerSecond) {
        if (bitsPerSecond <= 0) {
            throw new IllegalArgumentException("bitsPerSecond must be positive");
        }
        this.bitsPerSecond = bitsPerSecond;
    }

    void enqueue(PeerState peer, Channel channel, PeerState.Outgoing out) {
        synchronized (this) {
            queue.add(new Pending(peer, channel, out));
            if (transmitting) {
                return;
            }
            transmitting = true;
        }
        next();
    }

    /** Starts the next transmission that is still wanted, or stops when none is left. */
    private void next() {
        Pending p;
        synchronized (this) {
            do {
                p = queue.poll();
            } while (p != null && p.peer().cancelled(p.out()));
            if (p == null) {
                transmitting = false;
                return;
            }
        }
        long nanos = p.out().rpc().getSerializedSize() * 8L * 1_000_000_000L / bitsPerSecond;
        Pending sending = p;
        try {
            p.channel().eventLoop().schedule(() -> {
                if (sending.channel().isActive()) {
                    sending.peer().writeNow(sending.channel(), sending.out());
                }
                next();
            }, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            next(); // that peer's event loop is gone, and the peer with it
        }
    }
}

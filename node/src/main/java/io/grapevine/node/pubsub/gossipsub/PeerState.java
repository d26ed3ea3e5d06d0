package io.grapevine.node.pubsub.gossipsub;

import com.google.protobuf.ByteString;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.p2p.host.Connection;
import io.grapevine.node.p2p.host.Direction;
import io.grapevine.node.pubsub.rpc.proto.RPC;
import io.netty.channel.Channel;
import java.util.HashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the router knows of one connected peer: its connection, our outbound stream and the protocol agreed on it,
 * its subscriptions, the ids it does not want, and per-heartbeat counters. Owned by the router thread except the
 * in-flight counter, which write completions update from the stream's event loop, and {@link #dontWant}, which the
 * event loop reads again when it writes a queued message.
 */
final class PeerState {
    final PeerId id;
    final Connection connection;
    Channel outbound;
    String protocol;
    final Set<String> topics = new HashSet<>();
    /**
     * Ids the peer does not want (it said IDONTWANT, or it sent us the message), with the heartbeat count at which
     * they expire.
     */
    final Map<ByteString, Long> dontWant = new ConcurrentHashMap<>();
    int ihavesThisHeartbeat;
    int idsAskedThisHeartbeat;
    int idontwantsThisHeartbeat;
    /** Queued RPCs are merged into one of at most this many bytes; every implementation accepts RPCs this large. */
    static final int MAX_MERGED_BYTES = 64 * 1024;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Queue<Outgoing> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final AtomicLong dropped;
    private final AtomicLong cancelled;
    /** Null for a real node; in simulations, the node's shared upload link that paces message sends. */
    private final SimulatedUplink uplink;

    /** An RPC waiting to be written; {@code messageId} when it carries one message that an IDONTWANT can cancel. */
    record Outgoing(RPC rpc, ByteString messageId) {}

    PeerState(Connection connection, AtomicLong dropped, AtomicLong cancelled, SimulatedUplink uplink) {
        this.id = connection.remotePeer();
        this.connection = connection;
        this.dropped = dropped;
        this.cancelled = cancelled;
        this.uplink = uplink;
    }

    boolean outboundConnection() {
        return connection.direction() == Direction.OUTBOUND;
    }

    boolean ready() {
        return outbound != null && outbound.isActive();
    }

    /**
     * Sends without blocking; drops (and counts) when the peer has too much in flight for this priority. RPCs are
     * queued and written by one task on the stream's event loop, which flushes once for all queued at that moment:
     * under load many RPCs share a flush (one Noise message, one socket write) and a cross-thread wake-up.
     */
    boolean send(RPC rpc, SendPriority priority, int maxSendQueue) {
        return send(rpc, null, priority, maxSendQueue);
    }

    /** As {@link #send(RPC, SendPriority, int)}, for one message, not written if the peer no longer wants it by then. */
    boolean send(RPC rpc, ByteString messageId, SendPriority priority, int maxSendQueue) {
        Channel channel = outbound;
        if (channel == null || !channel.isActive()) {
            return false;
        }
        if (inFlight.get() >= priority.limit(maxSendQueue)) {
            dropped.incrementAndGet();
            return false;
        }
        inFlight.incrementAndGet();
        queue.add(new Outgoing(rpc, messageId));
        if (flushScheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(() -> writeQueued(channel));
            } catch (RejectedExecutionException e) {
                queue.clear(); // the connection's event loop is gone, and the peer with it
                inFlight.set(0);
                return false;
            }
        }
        return true;
    }

    /**
     * On the event loop: writes what is queued (bounded by the in-flight limits) and flushes once. A message the peer
     * said IDONTWANT for since it was queued is not written (gossipsub v1.2: a late IDONTWANT still saves the bytes).
     */
    private void writeQueued(Channel channel) {
        flushScheduled.set(false);
        Batch batch = new Batch(channel);
        Outgoing next;
        while ((next = queue.poll()) != null) {
            if (cancelled(next)) {
                continue;
            }
            if (uplink != null && next.rpc().getPublishCount() > 0) {
                uplink.enqueue(this, channel, next);
            } else if (mergeable(next.rpc())) {
                batch.add(next.rpc());
            } else {
                batch.write(); // order kept: what was queued before goes first
                channel.write(next.rpc()).addListener(f -> inFlight.decrementAndGet());
                batch.wrote = true;
            }
        }
        batch.write();
        if (batch.wrote) {
            channel.flush();
        }
    }

    /**
     * Messages and IHAVE/IWANT/IDONTWANT may share one RPC (a receiver handles each part the same either way); GRAFT,
     * PRUNE and subscriptions keep their own, since a receiver handles an RPC's parts in a fixed order, not ours.
     */
    private static boolean mergeable(RPC rpc) {
        return rpc.getSubscriptionsCount() == 0 && (!rpc.hasControl()
                || rpc.getControl().getGraftCount() + rpc.getControl().getPruneCount() == 0);
    }

    /**
     * RPCs queued together and written as one, up to {@link #MAX_MERGED_BYTES}: one frame, one decode and one task at
     * the receiver instead of one per RPC (under load most RPCs are a single 1 KiB message or one IDONTWANT).
     */
    private final class Batch {
        private final Channel channel;
        private RPC first;
        private RPC.Builder merged;
        private int bytes;
        private int count;
        boolean wrote;

        Batch(Channel channel) {
            this.channel = channel;
        }

        void add(RPC rpc) {
            int size = rpc.getSerializedSize();
            if (first != null && bytes + size > MAX_MERGED_BYTES) {
                write();
            }
            if (first == null) {
                first = rpc;
            } else {
                if (merged == null) {
                    merged = first.toBuilder();
                }
                merged.mergeFrom(rpc);
            }
            bytes += size;
            count++;
        }

        void write() {
            if (first == null) {
                return;
            }
            int written = count;
            channel.write(merged == null ? first : merged.build())
                    .addListener(f -> inFlight.addAndGet(-written));
            wrote = true;
            first = null;
            merged = null;
            bytes = 0;
            count = 0;
        }
    }

    /** True (and the send is accounted for) when the peer no longer wants the message {@code out} carries. */
    boolean cancelled(Outgoing out) {
        if (out.messageId() == null || !dontWant.containsKey(out.messageId())) {
            return false;
        }
        inFlight.decrementAndGet();
        cancelled.incrementAndGet();
        return true;
    }

    /** Writes and flushes one RPC now (the simulated uplink's pacing decided when). */
    void writeNow(Channel channel, Outgoing out) {
        channel.writeAndFlush(out.rpc()).addListener(f -> inFlight.decrementAndGet());
    }

    int inFlight() {
        return inFlight.get();
    }

    void expireDontWant(long heartbeat) {
        dontWant.values().removeIf(expiry -> expiry <= heartbeat);
    }
}

package io.grapevine.node.pubsub.gossipsub;

import com.google.protobuf.ByteString;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.p2p.host.Connection;
import io.grapevine.node.p2p.host.Direction;
import io.grapevine.node.pubsub.rpc.proto.RPC;
import io.netty.channel.Channel;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the router knows of one connected peer: its connection, our outbound stream and the protocol agreed on it,
 * its subscriptions, the ids it said it does not want, and per-heartbeat counters. Owned by the router thread except
 * the in-flight counter, which write completions update from the stream's event loop.
 */
final class PeerState {
    final PeerId id;
    final Connection connection;
    Channel outbound;
    String protocol;
    final Set<String> topics = new HashSet<>();
    /** IDONTWANT ids with the heartbeat count at which they expire. */
    final LinkedHashMap<ByteString, Long> dontWant = new LinkedHashMap<>();
    int ihavesThisHeartbeat;
    int idsAskedThisHeartbeat;
    int idontwantsThisHeartbeat;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Queue<RPC> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final AtomicLong dropped;

    PeerState(Connection connection, AtomicLong dropped) {
        this.id = connection.remotePeer();
        this.connection = connection;
        this.dropped = dropped;
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
        Channel channel = outbound;
        if (channel == null || !channel.isActive()) {
            return false;
        }
        if (inFlight.get() >= priority.limit(maxSendQueue)) {
            dropped.incrementAndGet();
            return false;
        }
        inFlight.incrementAndGet();
        queue.add(rpc);
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

    /** On the event loop: writes what is queued (bounded by the in-flight limits) and flushes once. */
    private void writeQueued(Channel channel) {
        flushScheduled.set(false);
        RPC rpc;
        boolean wrote = false;
        while ((rpc = queue.poll()) != null) {
            channel.write(rpc).addListener(f -> inFlight.decrementAndGet());
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }

    int inFlight() {
        return inFlight.get();
    }

    void expireDontWant(long heartbeat) {
        Iterator<Map.Entry<ByteString, Long>> it = dontWant.entrySet().iterator();
        while (it.hasNext() && it.next().getValue() <= heartbeat) {
            it.remove();
        }
    }
}

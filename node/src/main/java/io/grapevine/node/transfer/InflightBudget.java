package io.grapevine.node.transfer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Node-wide bound on chunk bytes asked of peers and not yet landed, shared by every {@link ChunksClient} of every
 * download. Each client keeps its own window of requests (16 chunks) so one link stays full; without this bound the
 * chunks a node may receive at once grow with peers x downloads (30 seeders = 480 MiB into a 384 MiB heap when the
 * disk is slower than the network).
 *
 * <p>Rules, chosen so no client can starve or deadlock: a client with nothing in flight may always take (so each
 * client makes progress, and the total stays under {@code limit} + one chunk per client); otherwise a take succeeds
 * only when the bytes fit and nobody is queued. A client that cannot take queues once; bytes given back are granted
 * to the queue in arrival order (FIFO), handed to the client's callback, which owns them from then on.
 * Thread-safe; callbacks run outside the lock, on the thread that gave the bytes back.
 */
public final class InflightBudget {
    /** 64 chunks of 1 MiB: four peers' full windows, and well inside the node's heap. */
    public static final long DEFAULT_LIMIT = 64L << 20;

    private final long limit;
    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    private long used;
    private long waits;

    private record Waiter(long bytes, LongConsumer granted) {
    }

    public InflightBudget(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("in-flight budget must be positive: " + limit);
        }
        this.limit = limit;
    }

    /**
     * Takes {@code bytes} now and returns true, or returns false and queues {@code granted}, which is later called
     * once with the bytes granted to the caller. {@code nothingInFlight}: the caller holds no bytes of this budget.
     */
    public synchronized boolean take(long bytes, boolean nothingInFlight, LongConsumer granted) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative take: " + bytes);
        }
        if (nothingInFlight || (queue.isEmpty() && used + bytes <= limit)) {
            used += bytes;
            return true;
        }
        queue.add(new Waiter(bytes, granted));
        waits++;
        return false;
    }

    /** Gives back bytes taken (or granted) earlier; grants what now fits to the queue, oldest first. */
    public void give(long bytes) {
        List<Waiter> grants = new ArrayList<>();
        synchronized (this) {
            if (bytes < 0 || bytes > used) {
                throw new IllegalStateException("giving back " + bytes + " bytes with " + used + " taken");
            }
            used -= bytes;
            while (!queue.isEmpty() && (used + queue.peek().bytes <= limit || used == 0)) {
                Waiter w = queue.poll();
                used += w.bytes;
                grants.add(w);
            }
        }
        for (Waiter w : grants) {
            w.granted.accept(w.bytes);
        }
    }

    public synchronized long used() {
        return used;
    }

    public synchronized int queued() {
        return queue.size();
    }

    /** How many takes so far had to wait for a grant: how often the bound held a client back. */
    public synchronized long waits() {
        return waits;
    }

    public long limit() {
        return limit;
    }
}

package io.grapevine.node.p2p.yamux;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Session pings: one at start to measure the round trip (used to grow receive windows), then one per interval;
 * a ping still unanswered when the next is due means the connection is dead.
 */
final class YamuxKeepAlive {

    private final YamuxSession session;
    private final Duration interval;
    private int nextOpaque = 1;
    private int outstanding;
    private boolean waiting;
    private long sentAtNanos;
    private long rttNanos;
    private ScheduledFuture<?> timer;

    YamuxKeepAlive(YamuxSession session, Duration interval) {
        this.session = session;
        this.interval = interval;
    }

    void start(EventExecutor executor) {
        ping();
        if (!interval.isZero()) {
            long nanos = interval.toNanos();
            timer = executor.scheduleAtFixedRate(this::tick, nanos, nanos, TimeUnit.NANOSECONDS);
        }
    }

    void stop() {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    /** A PING with ACK: our opaque value came back. */
    void onPong(int opaque) {
        if (waiting && opaque == outstanding) {
            waiting = false;
            rttNanos = Math.max(1, System.nanoTime() - sentAtNanos);
        }
    }

    /** Last measured round trip, 0 until one was measured. */
    long rttNanos() {
        return rttNanos;
    }

    private void tick() {
        if (waiting) {
            session.keepAliveFailed(interval);
            return;
        }
        ping();
    }

    private void ping() {
        outstanding = nextOpaque++;
        waiting = true;
        sentAtNanos = System.nanoTime();
        session.writeControl(YamuxHeader.TYPE_PING, YamuxHeader.FLAG_SYN, 0, outstanding);
        session.flush();
    }
}

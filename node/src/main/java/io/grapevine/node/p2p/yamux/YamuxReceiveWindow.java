package io.grapevine.node.p2p.yamux;

/**
 * One stream's receive-side flow control: how much the peer may still send, and when to announce consumed bytes.
 * Credit is returned in batches of half a window. When half a window is consumed within two round trips the window
 * is what limits throughput, so it doubles (up to the configured maximum) and the growth rides on the same update.
 */
final class YamuxReceiveWindow {

    private final int limit;
    private int window;
    private long available;
    private int pendingCredit;
    private long epochStartNanos;

    YamuxReceiveWindow(int initial, int limit, long nowNanos) {
        this.window = initial;
        this.limit = limit;
        this.available = initial;
        this.epochStartNanos = nowNanos;
    }

    /** Credit to announce with the SYN or ACK beyond the 256 KiB both sides assume. */
    int initialDelta() {
        return window - YamuxHeader.INITIAL_WINDOW;
    }

    /** Accounts for an incoming DATA frame; false if it exceeds what we allowed the peer to send. */
    boolean reserve(long length) {
        if (length > available) {
            return false;
        }
        available -= length;
        return true;
    }

    /**
     * Accounts for bytes handed to the application (or discarded on its behalf).
     *
     * @return the delta to send in a WINDOW_UPDATE now, or 0 to keep batching
     */
    int consumed(int bytes, long rttNanos) {
        pendingCredit += bytes;
        if (pendingCredit < window / 2) {
            return 0;
        }
        int delta = pendingCredit;
        pendingCredit = 0;
        long nowNanos = System.nanoTime();
        if (rttNanos > 0 && window < limit && nowNanos - epochStartNanos < 2 * rttNanos) {
            int grown = (int) Math.min(limit, 2L * window);
            delta += grown - window;
            window = grown;
        }
        epochStartNanos = nowNanos;
        available += delta;
        return delta;
    }

    int window() {
        return window;
    }

    long available() {
        return available;
    }
}

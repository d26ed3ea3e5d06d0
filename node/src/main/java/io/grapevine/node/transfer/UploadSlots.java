package io.grapevine.node.transfer;

import java.util.concurrent.atomic.AtomicInteger;

/** A cap on the chunks streams this node serves at once; a stream over the cap is answered BUSY and closed. */
public final class UploadSlots {
    private final AtomicInteger active = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong refused = new java.util.concurrent.atomic.AtomicLong();
    private volatile int max;

    public UploadSlots(int max) {
        setMax(max);
    }

    public void setMax(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxUploads must be >= 1: " + max);
        }
        this.max = max;
    }

    public int max() {
        return max;
    }

    public int active() {
        return active.get();
    }

    public boolean tryAcquire() {
        while (true) {
            int n = active.get();
            if (n >= max) {
                refused.incrementAndGet();
                return false;
            }
            if (active.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Streams refused (answered BUSY) since start. */
    public long refused() {
        return refused.get();
    }

    public void release() {
        active.decrementAndGet();
    }
}

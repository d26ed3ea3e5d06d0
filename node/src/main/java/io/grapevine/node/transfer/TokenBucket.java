package io.grapevine.node.transfer;

/**
 * A byte-rate token bucket that may go into debt: a sender takes tokens for what it just sent, and waits while the
 * balance is negative. So the long-run rate is the configured one, with a burst of a quarter second plus one message.
 * Rate 0 means unlimited. The rate can change at any time.
 */
public final class TokenBucket {
    private long rate;
    private double tokens;
    private long last = System.nanoTime();

    public TokenBucket(long bytesPerSecond) {
        setRate(bytesPerSecond);
        tokens = capacity();
    }

    public synchronized void setRate(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("rate must be >= 0: " + bytesPerSecond);
        }
        refill();
        rate = bytesPerSecond;
        tokens = Math.min(tokens, capacity());
    }

    public synchronized long rate() {
        return rate;
    }

    /** Takes {@code bytes} just sent or received; the balance may go negative. */
    public synchronized void take(long bytes) {
        if (rate == 0) {
            return;
        }
        refill();
        tokens -= bytes;
    }

    /** Nanoseconds until the balance is back to zero; 0 when it is not negative (or the bucket is unlimited). */
    public synchronized long delayNanos() {
        if (rate == 0) {
            return 0;
        }
        refill();
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens * 1e9 / rate);
    }

    private double capacity() {
        return Math.max(rate / 4.0, 16 * 1024);
    }

    private void refill() {
        long now = System.nanoTime();
        if (rate > 0) {
            tokens = Math.min(capacity(), tokens + (now - last) * (double) rate / 1e9);
        }
        last = now;
    }
}

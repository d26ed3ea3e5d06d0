package io.grapevine.node.pubsub.gossipsub;

import java.util.concurrent.atomic.AtomicLong;

/** Router counters, read by tests now and by the metrics endpoint later. */
public final class RouterStats {
    final AtomicLong messagesIn = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong ignored = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong forwarded = new AtomicLong();
    final AtomicLong published = new AtomicLong();
    final AtomicLong droppedSends = new AtomicLong();
    final AtomicLong cancelledSends = new AtomicLong();
    final AtomicLong ignoredSubscriptions = new AtomicLong();
    final AtomicLong graylistedRpcs = new AtomicLong();
    final AtomicLong brokenPromises = new AtomicLong();

    /** Messages received in RPCs, before any check. */
    public long messagesIn() {
        return messagesIn.get();
    }

    public long duplicates() {
        return duplicates.get();
    }

    /** Bad signatures and validator rejections. */
    public long rejected() {
        return rejected.get();
    }

    /** Topics we are not in, and validator IGNOREs. */
    public long ignored() {
        return ignored.get();
    }

    public long delivered() {
        return delivered.get();
    }

    public long forwarded() {
        return forwarded.get();
    }

    public long published() {
        return published.get();
    }

    /** RPCs ignored because their sender's score was below the graylist threshold. */
    public long graylistedRpcs() {
        return graylistedRpcs.get();
    }

    /** IWANT requests a peer did not answer within the follow-up time (each a P7 penalty). */
    public long brokenPromises() {
        return brokenPromises.get();
    }

    /** Sends dropped because the peer had too much in flight. */
    public long droppedSends() {
        return droppedSends.get();
    }

    /** Queued messages not written because the peer said IDONTWANT (or sent it to us) before their turn came. */
    public long cancelledSends() {
        return cancelledSends.get();
    }

    public long ignoredSubscriptions() {
        return ignoredSubscriptions.get();
    }
}

package io.grapevine.node.transfer;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One {@link ChunksClient}'s part of the node-wide {@link InflightBudget}: the bytes of its requested chunks not yet
 * done, plus bytes granted to it and not yet spent on a request. Confined to the client's event loop; grants arrive
 * through {@code loop}. {@link #releaseAll} on the client's end gives everything back, so a failed or closed client
 * never keeps budget from the others.
 */
final class InflightShare {
    private final InflightBudget budget;
    private final Executor loop;
    private final Runnable onGrant;
    private long held;
    private long credit;
    private boolean awaiting;
    private boolean ended;

    /** {@code onGrant}: run on {@code loop} when bytes this share queued for were granted (to request again). */
    InflightShare(InflightBudget budget, Executor loop, Runnable onGrant) {
        this.budget = budget;
        this.loop = loop;
        this.onGrant = onGrant;
    }

    /** Whether a chunk of {@code length} bytes may be requested now; if not, the share waits for a grant. */
    boolean reserve(int length) {
        if (ended) {
            return false;
        }
        if (credit >= length) {
            credit -= length;
            return true;
        }
        if (awaiting) {
            return false;
        }
        long need = length - credit;
        if (budget.take(need, held == 0, this::granted)) {
            held += need;
            credit = 0;
            return true;
        }
        awaiting = true;
        return false;
    }

    /** A requested chunk of {@code length} bytes is done (landed, missing or refused). */
    void release(int length) {
        if (ended) {
            return;
        }
        held -= length;
        budget.give(length);
    }

    /** Gives back granted bytes no request needs (the client has nothing left to ask for). */
    void returnCredit() {
        if (credit > 0 && !ended) {
            held -= credit;
            budget.give(credit);
            credit = 0;
        }
    }

    /** The client ended: everything it held goes back; grants still on their way are given back as they come. */
    void releaseAll() {
        if (ended) {
            return;
        }
        ended = true;
        long all = held;
        held = 0;
        credit = 0;
        if (all > 0) {
            budget.give(all);
        }
    }

    long held() {
        return held;
    }

    private void granted(long bytes) {
        try {
            loop.execute(() -> {
                awaiting = false;
                if (ended) {
                    budget.give(bytes);
                    return;
                }
                held += bytes;
                credit += bytes;
                onGrant.run();
            });
        } catch (RejectedExecutionException e) {
            budget.give(bytes); // the event loop is shutting down with the node: nobody will spend them
        }
    }
}

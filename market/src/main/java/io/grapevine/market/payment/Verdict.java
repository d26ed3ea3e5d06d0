package io.grapevine.market.payment;

import io.grapevine.market.order.OrderId;

import java.util.Objects;

/**
 * The outcome of verifying a payment for an order. Accepted verdicts carry the paid amount, the txid we computed,
 * the block and its confirmations; refused verdicts carry a {@link RefusalReason} and a human message.
 */
public record Verdict(OrderId orderId, boolean accepted, RefusalReason reason, String message, String txid,
                      long paidSats, String blockHash, int confirmations) {

    public Verdict {
        Objects.requireNonNull(orderId);
        Objects.requireNonNull(message);
        if (accepted != (reason == null)) {
            throw new IllegalArgumentException("an accepted verdict has no reason; a refused one has one");
        }
    }

    public static Verdict accepted(OrderId orderId, String txid, long paidSats, String blockHash, int confirmations) {
        return new Verdict(orderId, true, null, "paid " + paidSats + " sat in " + txid + " (" + confirmations
                + " confirmations)", txid, paidSats, blockHash, confirmations);
    }

    public static Verdict refused(OrderId orderId, RefusalReason reason, String message) {
        return new Verdict(orderId, false, Objects.requireNonNull(reason), message, null, 0, null, 0);
    }

    @Override
    public String toString() {
        return accepted ? "ACCEPTED: " + message : "REFUSED " + reason + ": " + message;
    }
}

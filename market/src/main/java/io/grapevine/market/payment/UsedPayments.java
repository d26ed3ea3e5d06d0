package io.grapevine.market.payment;

import io.grapevine.market.order.OrderId;

/**
 * The registry that makes each txid unlock one order only; the node persists it. Keyed on the txid, never on raw
 * transaction bytes (witness bytes can change without changing the txid).
 */
public interface UsedPayments {
    /**
     * Atomically records that {@code txid} pays {@code orderId}, unless it already pays an order. Returns the order
     * holding the txid afterwards: {@code orderId} itself when newly claimed or claimed before by the same order.
     */
    OrderId claim(String txid, OrderId orderId);
}

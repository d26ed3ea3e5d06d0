package io.grapevine.market.payment;

import io.grapevine.market.order.OrderId;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** {@link UsedPayments} in a concurrent map, for tests and for nodes that rebuild it from stored licenses. */
public final class InMemoryUsedPayments implements UsedPayments {
    private final ConcurrentMap<String, OrderId> byTxid = new ConcurrentHashMap<>();

    @Override
    public OrderId claim(String txid, OrderId orderId) {
        OrderId prior = byTxid.putIfAbsent(txid, orderId);
        return prior == null ? orderId : prior;
    }

    public int size() {
        return byTxid.size();
    }
}

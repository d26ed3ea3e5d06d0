package io.grapevine.node.market;

import io.grapevine.market.order.OrderId;
import io.grapevine.market.payment.FoundPayment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Payments the seller's node found itself by scanning blocks, per order, newest first, waiting for the buyer's next
 * contact: then they are judged like a buyer's proof (confirmations on the best chain at that moment), so a hit in
 * a block that later lost a reorg is refused and the same transaction found again on the winning fork is used.
 */
public final class ScannedPayments {
    /** Hits kept per order (one per fork the payment was seen on, or several payments). */
    static final int MAX_PER_ORDER = 8;

    private final Map<OrderId, List<FoundPayment>> byOrder = new ConcurrentHashMap<>();

    public void add(FoundPayment hit) {
        byOrder.compute(hit.order().orderId(), (id, list) -> {
            List<FoundPayment> next = list == null ? new ArrayList<>() : new ArrayList<>(list);
            next.removeIf(p -> p.blockHash().equals(hit.blockHash()) && p.txid().equals(hit.txid()));
            next.add(0, hit);
            return next.size() > MAX_PER_ORDER ? List.copyOf(next.subList(0, MAX_PER_ORDER)) : List.copyOf(next);
        });
    }

    public List<FoundPayment> of(OrderId order) {
        return byOrder.getOrDefault(order, List.of());
    }

    /** Forgets an order's hits once its license is issued. */
    public void settled(OrderId order) {
        byOrder.remove(order);
    }
}

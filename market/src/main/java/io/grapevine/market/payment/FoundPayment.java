package io.grapevine.market.payment;

import io.grapevine.market.order.Order;

/**
 * A transaction in a scanned block paying an order's address, with what {@link PaymentVerifier#verify} needs to
 * judge it once it has enough confirmations: the raw transaction and a gettxoutproof-format proof for it.
 */
public record FoundPayment(Order order, String txid, long paidSats, String blockHash, byte[] rawTx, byte[] proof) {
}

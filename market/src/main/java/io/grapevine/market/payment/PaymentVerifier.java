package io.grapevine.market.payment;

import io.grapevine.market.chain.ChainPosition;
import io.grapevine.market.chain.HeaderChain;
import io.grapevine.market.order.Order;
import io.grapevine.market.order.OrderId;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.TransactionOutput;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies a payment for an order trustlessly: the transaction (parsed strictly, txid computed here), its merkle
 * inclusion proof against a header that our {@link HeaderChain} has checked for proof of work, the block on the best
 * chain with enough confirmations, and the outputs paying the order's address at least the order's amount. An
 * accepted txid is claimed in {@link UsedPayments} so it unlocks no other order. Never throws on bad input and never
 * changes the order: a refused buyer can retry with a correct payment.
 */
public final class PaymentVerifier {
    private final HeaderChain chain;
    private final UsedPayments usedPayments;
    private final VerificationPolicy policy;

    public PaymentVerifier(HeaderChain chain, UsedPayments usedPayments, VerificationPolicy policy) {
        this.chain = Objects.requireNonNull(chain);
        this.usedPayments = Objects.requireNonNull(usedPayments);
        this.policy = Objects.requireNonNull(policy);
    }

    public Verdict verify(Order order, byte[] rawTx, byte[] proof, Instant now) {
        OrderId id = order.orderId();
        if (order.network() != chain.network()) {
            return Verdict.refused(id, RefusalReason.WRONG_NETWORK, "order is on " + order.network().wireName()
                    + ", this chain follows " + chain.network().wireName());
        }
        if (now.isAfter(order.expiresAt().plus(policy.settlementWindow()))) {
            return Verdict.refused(id, RefusalReason.ORDER_EXPIRED, "order expired at " + order.expiresAt()
                    + " and its settlement window of " + policy.settlementWindow() + " has passed");
        }
        StrictTransaction tx;
        InclusionProof inclusion;
        try {
            tx = StrictTransaction.parse(rawTx);
            inclusion = InclusionProof.parse(proof);
        } catch (PaymentInputException e) {
            return Verdict.refused(id, e.reason(), e.getMessage());
        }
        Sha256Hash blockHash = inclusion.header().getHash();
        if (!inclusion.computedRoot().equals(inclusion.header().getMerkleRoot())) {
            return Verdict.refused(id, RefusalReason.MERKLE_MISMATCH, "proof hashes to " + inclusion.computedRoot()
                    + ", block " + blockHash + " commits to " + inclusion.header().getMerkleRoot());
        }
        if (!inclusion.matchedTxids().contains(tx.txid())) {
            return Verdict.refused(id, RefusalReason.TX_NOT_IN_PROOF, "proof for block " + blockHash
                    + " does not include transaction " + tx.txid());
        }
        Optional<ChainPosition> located = chain.locate(blockHash);
        if (located.isEmpty()) {
            return Verdict.refused(id, RefusalReason.UNKNOWN_BLOCK, "block " + blockHash
                    + " is not in our header chain (head " + chain.headHeight() + ")");
        }
        ChainPosition pos = located.get();
        if (!pos.onBestChain()) {
            return Verdict.refused(id, RefusalReason.NOT_IN_BEST_CHAIN, "block " + blockHash + " at height "
                    + pos.height() + " is on a losing fork");
        }
        if (pos.confirmations() < policy.minConfirmations()) {
            return Verdict.refused(id, RefusalReason.INSUFFICIENT_CONFIRMATIONS, "block " + blockHash + " has "
                    + pos.confirmations() + " confirmations, " + policy.minConfirmations() + " required");
        }
        if (pos.blockTime().isAfter(order.expiresAt().plus(policy.blockTimeTolerance()))) {
            return Verdict.refused(id, RefusalReason.ORDER_EXPIRED, "paid in a block of " + pos.blockTime()
                    + ", after the order expired at " + order.expiresAt());
        }
        if (pos.blockTime().isBefore(order.createdAt().minus(policy.blockTimeTolerance()))) {
            return Verdict.refused(id, RefusalReason.PAID_BEFORE_ORDER, "paid in a block of " + pos.blockTime()
                    + ", before the order was created at " + order.createdAt());
        }
        long paid = paidTo(tx.tx(), order.outputScript());
        if (paid == 0) {
            return Verdict.refused(id, RefusalReason.WRONG_ADDRESS, "transaction " + tx.txid()
                    + " has no output to " + order.payToAddress());
        }
        if (paid < order.amountSats()) {
            return Verdict.refused(id, RefusalReason.UNDERPAID, "paid " + paid + " sat to " + order.payToAddress()
                    + ", order is for " + order.amountSats() + " sat");
        }
        String txid = tx.txid().toString();
        OrderId holder = usedPayments.claim(txid, id);
        if (!holder.equals(id)) {
            return Verdict.refused(id, RefusalReason.TXID_ALREADY_USED, "transaction " + txid
                    + " already paid order " + holder);
        }
        return Verdict.accepted(id, txid, paid, blockHash.toString(), pos.confirmations());
    }

    /** Sum of outputs whose scriptPubKey is exactly the order's; several outputs to one address add up. */
    static long paidTo(Transaction tx, byte[] script) {
        long sum = 0;
        for (TransactionOutput out : tx.getOutputs()) {
            if (Arrays.equals(out.getScriptBytes(), script)) {
                sum += out.getValue().value;
            }
        }
        return sum;
    }
}

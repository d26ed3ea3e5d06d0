package io.grapevine.market.payment;

import io.grapevine.market.chain.HeaderChain;
import io.grapevine.market.order.Order;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.FilteredBlock;
import org.bitcoinj.core.PartialMerkleTree;
import org.bitcoinj.core.Transaction;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds payments without a buyer's proof: the seller's node fetches the full blocks mined after its open orders were
 * created (any full node serves blocks; nothing is trusted) and scans them for the orders' addresses. The block must
 * be in our header chain and its transactions must hash to its header's merkle root, so a peer cannot invent them.
 * Each hit comes with a proof built from the block, to be judged by {@link PaymentVerifier} like any other.
 */
public final class BlockScanner {
    private final HeaderChain chain;

    public BlockScanner(HeaderChain chain) {
        this.chain = chain;
    }

    public List<FoundPayment> scan(Block block, Collection<Order> openOrders) throws InvalidBlockException {
        List<Transaction> txs = block.getTransactions();
        if (txs == null || txs.isEmpty()) {
            throw new InvalidBlockException("block " + block.getHash() + " carries no transactions");
        }
        Sha256Hash hash = block.getHash();
        if (chain.locate(hash).isEmpty()) {
            throw new InvalidBlockException("block " + hash + " is not in our header chain");
        }
        List<Sha256Hash> txids = new ArrayList<>(txs.size());
        Set<Sha256Hash> seen = new HashSet<>();
        for (Transaction tx : txs) {
            Sha256Hash txid = tx.getTxId();
            if (!seen.add(txid)) {
                throw new InvalidBlockException("block " + hash + " repeats transaction " + txid);
            }
            txids.add(txid);
        }
        Optional<Sha256Hash> root = MerkleRoot.of(txids);
        if (root.isEmpty() || !root.get().equals(block.getMerkleRoot())) {
            throw new InvalidBlockException("transactions of block " + hash + " do not match its merkle root");
        }
        Map<ByteBuffer, List<Order>> byScript = new HashMap<>();
        for (Order o : openOrders) {
            byScript.computeIfAbsent(ByteBuffer.wrap(o.outputScript()), k -> new ArrayList<>()).add(o);
        }
        List<FoundPayment> found = new ArrayList<>();
        for (int i = 1; i < txs.size(); i++) { // index 0 is the coinbase, never a payment
            Transaction tx = txs.get(i);
            Map<ByteBuffer, Long> paid = new HashMap<>();
            tx.getOutputs().forEach(out -> {
                ByteBuffer script = ByteBuffer.wrap(out.getScriptBytes());
                if (byScript.containsKey(script)) {
                    paid.merge(script, out.getValue().value, Long::sum);
                }
            });
            if (paid.isEmpty()) {
                continue;
            }
            byte[] proof = proofFor(block, txids, i);
            byte[] raw = tx.serialize();
            String txid = txids.get(i).toString();
            paid.forEach((script, sats) -> {
                for (Order o : byScript.get(script)) {
                    found.add(new FoundPayment(o, txid, sats, hash.toString(), raw, proof));
                }
            });
        }
        return found;
    }

    private static byte[] proofFor(Block block, List<Sha256Hash> txids, int index) {
        byte[] bits = new byte[(txids.size() + 7) / 8];
        bits[index / 8] |= (byte) (1 << (index % 8));
        PartialMerkleTree tree = PartialMerkleTree.buildFromLeaves(bits, txids);
        return new FilteredBlock(block.cloneAsHeader(), tree).serialize();
    }
}

package io.grapevine.node.market.bitcoin;

import io.grapevine.market.chain.HeaderChain;
import io.grapevine.node.market.wallet.GrapevineWallet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.core.Block;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the buyer's wallet along the best chain from the Bitcoin peers: which full blocks it needs next (the best
 * chain above the height where its own chain and the header chain agree, so after a reorg the winning fork's blocks
 * are fed and bitcoinj reorganizes the wallet), in batches; blocks delivered out of order wait for their predecessors,
 * never more than one batch of them. Not thread-safe: the follower's event loop owns it.
 */
final class WalletFeed {
    private static final Logger LOG = LoggerFactory.getLogger(WalletFeed.class);
    /** Blocks asked for (and so at most held back) at once: on mainnet up to 4 MB each. */
    static final int MAX_BATCH = 16;

    private final HeaderChain chain;
    private final Supplier<Optional<GrapevineWallet>> wallet;
    private final Map<Sha256Hash, Block> waiting = new HashMap<>();
    private List<Sha256Hash> batch = List.of();
    private volatile long blocksFed; // one writer, the event loop; read by tests and status
    private boolean stuckReported;

    WalletFeed(HeaderChain chain, Supplier<Optional<GrapevineWallet>> wallet) {
        this.chain = chain;
        this.wallet = wallet;
    }

    /** The next best-chain blocks the wallet lacks, oldest first; empty with no wallet or none needed. */
    List<Sha256Hash> wanted() {
        Optional<GrapevineWallet> w = wallet.get();
        OptionalInt common = w.isPresent() ? w.get().commonHeight() : OptionalInt.empty();
        if (common.isEmpty()) {
            if (w.isPresent() && w.get().rooted() && !stuckReported) {
                stuckReported = true;
                LOG.warn("the wallet's chain meets the best chain nowhere the node knows (a reorg below the block it"
                        + " last saw, or that block is older than the header chain's window): it is fed no blocks");
            }
            batch = List.of();
            waiting.clear();
            return batch;
        }
        List<Sha256Hash> next = new ArrayList<>();
        int head = chain.headHeight();
        for (int h = common.getAsInt() + 1; h <= head && next.size() < MAX_BATCH; h++) {
            Optional<Sha256Hash> hash = chain.bestHashAt(h);
            if (hash.isEmpty()) {
                break;
            }
            next.add(hash.get());
        }
        batch = next;
        waiting.keySet().retainAll(next);
        return batch;
    }

    /** A delivered block (its transactions already checked against its header): feeds what is now in order. */
    void arrived(Block block) {
        if (!batch.contains(block.getHash())) {
            return;
        }
        waiting.put(block.getHash(), block);
        Optional<GrapevineWallet> w = wallet.get();
        while (w.isPresent() && !batch.isEmpty() && waiting.containsKey(batch.get(0))) {
            Block next = waiting.remove(batch.get(0));
            batch = List.copyOf(batch.subList(1, batch.size()));
            try {
                w.get().acceptBlock(next);
                blocksFed = blocksFed + 1;
            } catch (IOException | RuntimeException e) {
                // The next wanted() starts again from where the wallet's chain and the best chain agree.
                LOG.warn("the wallet refused block {}: {}", next.getHash(), e.getMessage());
                batch = List.of();
                waiting.clear();
            }
        }
    }

    long blocksFed() {
        return blocksFed;
    }
}

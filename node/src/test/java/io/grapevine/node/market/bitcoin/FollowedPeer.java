package io.grapevine.node.market.bitcoin;

import io.grapevine.market.chain.HeaderChain;
import io.grapevine.market.chain.MarketNetwork;
import io.grapevine.market.regtest.Regtest;
import io.grapevine.market.regtest.RegtestMiner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bitcoinj.core.Block;

/**
 * A test's Bitcoin world: a 101-block regtest chain served by a {@link RegtestBitcoinPeer}, an empty header chain to
 * follow it with, and whatever the test registers to close (closed in reverse order, the peer and chain last).
 */
final class FollowedPeer implements AutoCloseable {
    final Regtest regtest = new Regtest(Instant.now().minusSeconds(101 * 60));
    /** The peer's best chain, genesis first. */
    final List<Block> best = new ArrayList<>();
    final HeaderChain headers = HeaderChain.inMemory(MarketNetwork.REGTEST);
    final RegtestBitcoinPeer peer;
    private final List<AutoCloseable> closing = new ArrayList<>();

    FollowedPeer() throws InterruptedException {
        best.add(regtest.miner.genesis());
        best.addAll(regtest.miner.minedBlocks());
        peer = new RegtestBitcoinPeer(RegtestMiner.PARAMS);
        closing.add(headers);
        closing.add(peer);
        peer.setBest(best);
    }

    <T extends AutoCloseable> T closeLater(T c) {
        closing.add(c);
        return c;
    }

    void forget(AutoCloseable c) {
        closing.remove(c);
    }

    /** The peer's best chain grows by {@code blocks}, announced by inv. */
    void extend(List<Block> blocks) {
        best.addAll(blocks);
        peer.setBest(best);
        peer.announceTip();
    }

    /** The peer switches to {@code chain} (genesis first), announced by inv. */
    void switchTo(List<Block> chain) {
        peer.setBest(chain);
        peer.announceTip();
    }

    @Override
    public void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }
}

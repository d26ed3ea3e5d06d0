package io.grapevine.market.chain;

import io.grapevine.market.regtest.RegtestMiner;
import org.bitcoinj.core.Block;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeaderChainTest {
    private final RegtestMiner miner = new RegtestMiner(Instant.now().minus(Duration.ofDays(1)));
    private final HeaderChain chain = HeaderChain.inMemory(MarketNetwork.REGTEST);

    @Test
    void followsHeadersAndCountsConfirmations() throws Exception {
        List<Block> blocks = miner.mine(miner.genesis(), 10);
        assertThat(chain.addAll(blocks)).isEqualTo(10);
        assertThat(chain.headHeight()).isEqualTo(10);
        ChainPosition third = chain.locate(blocks.get(2).getHash()).orElseThrow();
        assertThat(third.height()).isEqualTo(3);
        assertThat(third.onBestChain()).isTrue();
        assertThat(third.confirmations()).isEqualTo(8);
        assertThat(chain.add(blocks.get(5))).as("already known").isFalse();
        assertThat(chain.bestHashAt(3)).contains(blocks.get(2).getHash());
        assertThat(chain.locator().get(0)).isEqualTo(blocks.get(9).getHash());
    }

    @Test
    void refusesAHeaderWhoseParentIsUnknown() {
        List<Block> blocks = miner.mine(miner.genesis(), 3);
        assertThatThrownBy(() -> chain.add(blocks.get(2)))
                .isInstanceOf(HeaderRejectedException.class).hasMessageContaining("unknown parent");
        assertThat(chain.locate(blocks.get(2).getHash())).isEmpty();
    }

    @Test
    void refusesAHeaderWithoutProofOfWork() {
        Block good = miner.mine(miner.genesis(), List.of());
        BigInteger target = good.getDifficultyTargetAsInteger();
        Block bad = null;
        for (long nonce = 0; bad == null; nonce++) {
            Block b = new Block(good.getVersion(), good.getPrevBlockHash(), good.getMerkleRoot(), good.time(),
                    good.getDifficultyTarget(), nonce, good.getTransactions());
            if (b.getHash().toBigInteger().compareTo(target) > 0) {
                bad = b;
            }
        }
        Block unsolved = bad;
        assertThatThrownBy(() -> chain.add(unsolved)).isInstanceOf(HeaderRejectedException.class)
                .hasMessageContaining("invalid header");
        assertThat(chain.headHeight()).isZero();
    }

    @Test
    void aBlockOnALosingForkIsKnownButNotOnTheBestChain() throws Exception {
        List<Block> base = miner.mine(miner.genesis(), 5);
        chain.addAll(base);
        List<Block> a = miner.mine(base.get(4), 7);
        chain.addAll(a);
        List<Block> b = miner.mine(base.get(4), 8);
        chain.addAll(b);

        ChainPosition loser = chain.locate(a.get(0).getHash()).orElseThrow();
        assertThat(loser.onBestChain()).isFalse();
        assertThat(loser.confirmations()).isZero();
        assertThat(chain.locate(b.get(0).getHash()).orElseThrow().confirmations()).isEqualTo(8);
        assertThat(chain.headHeight()).isEqualTo(13);

        // Fork A comes back with more work: its blocks are best again, B's are not.
        chain.addAll(miner.mine(a.get(6), 2));
        assertThat(chain.locate(a.get(0).getHash()).orElseThrow().confirmations()).isEqualTo(9);
        assertThat(chain.locate(b.get(0).getHash()).orElseThrow().onBestChain()).isFalse();
        assertThat(chain.bestHashAt(14)).isPresent();
        assertThat(chain.bestHashAt(15)).isEmpty();
    }

    @Test
    void anSpvStoreOnDiskKeepsTheChainAcrossReopen(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        var file = dir.resolve("headers.spv");
        List<Block> blocks = miner.mine(miner.genesis(), 20);
        try (HeaderChain disk = HeaderChain.onDisk(MarketNetwork.REGTEST, file, 1000, Instant.EPOCH)) {
            disk.addAll(blocks);
        }
        try (HeaderChain reopened = HeaderChain.onDisk(MarketNetwork.REGTEST, file, 1000, Instant.EPOCH)) {
            assertThat(reopened.headHeight()).isEqualTo(20);
            assertThat(reopened.locate(blocks.get(9).getHash()).orElseThrow().confirmations()).isEqualTo(11);
        }
    }

    @Test
    void aNewMainnetStoreStartsFromABundledCheckpoint(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        try (HeaderChain mainnet = HeaderChain.onDisk(MarketNetwork.MAINNET, dir.resolve("main.spv"), 1000,
                Instant.parse("2024-01-01T00:00:00Z"))) {
            assertThat(mainnet.headHeight()).isGreaterThan(800_000);
            assertThat(mainnet.headTime()).isBefore(Instant.parse("2024-01-01T00:00:00Z"));
        }
    }
}

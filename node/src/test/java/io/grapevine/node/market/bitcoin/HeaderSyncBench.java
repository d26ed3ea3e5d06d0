package io.grapevine.node.market.bitcoin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grapevine.market.chain.HeaderChain;
import io.grapevine.market.chain.MarketNetwork;
import io.grapevine.market.regtest.RegtestMiner;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.Context;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Header sync rate from a local P2P feed: the follower pulls 2,000-header batches from the regtest peer. */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class HeaderSyncBench {
    static final int HEADERS = Integer.getInteger("bench.headers", 20_000);

    @Test
    void headersPerSecondFromALocalPeer() throws Exception {
        Context.propagate(new Context()); // mining checks proof of work on this thread (alone, no other test set one)
        RegtestMiner miner = new RegtestMiner(Instant.now().minus(Duration.ofMinutes(HEADERS + 10)));
        List<Block> chain = new ArrayList<>(HEADERS + 1);
        chain.add(miner.genesis());
        chain.addAll(miner.mine(miner.genesis(), HEADERS));
        try (RegtestBitcoinPeer peer = new RegtestBitcoinPeer(RegtestMiner.PARAMS);
             HeaderChain headers = HeaderChain.inMemory(MarketNetwork.REGTEST)) {
            peer.setBest(chain);
            BitcoinFollower follower = new BitcoinFollower(headers, List.of(peer.address()),
                    BitcoinTimeouts.defaults(), List::of, hit -> { });
            double cpu0 = cpuSeconds();
            long t0 = System.nanoTime();
            follower.start();
            await().atMost(10, TimeUnit.MINUTES).pollInterval(Duration.ofMillis(10))
                    .until(() -> headers.headHeight() == HEADERS);
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = cpuSeconds() - cpu0;
            follower.close();
            assertThat(headers.headHash()).isEqualTo(chain.getLast().getHash());
            System.out.printf("BENCH header sync %d headers: %.2f s wall, %.0f headers/s, %.2f CPU-s, load %.2f%n",
                    HEADERS, wall, HEADERS / wall, cpu,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }
}

package io.grapevine.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.market.chain.MarketNetwork;
import io.grapevine.market.regtest.Regtest;
import io.grapevine.market.regtest.RegtestMiner;
import io.grapevine.market.testing.Fixtures;
import io.grapevine.node.market.MarketFeature;
import io.grapevine.node.market.MarketSettings;
import io.grapevine.node.market.bitcoin.RegtestBitcoinPeer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bitcoinj.base.Address;
import org.bitcoinj.base.AddressParser;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A purchase where the chain comes over Bitcoin P2P: seller and buyer follow an in-process regtest peer
 * ({@code market.json} bitcoinPeers); the buyer's wallet learns its coins from blocks its node fetches from that peer
 * (none is posted to the API), and its payment is broadcast to the peer, which mines it; the seller
 * finds it by scanning blocks, and the buyer gets its license by asking without any proof. A gated run
 * ({@code -Dbench=true}) times payment confirmation to plaintext on disk for a 100 MiB file.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class ScannedPurchaseTest {
    @TempDir
    Path tmp;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final Regtest regtest = new Regtest(Instant.now().minus(Duration.ofHours(3)));
    private final List<Block> chain = new ArrayList<>();
    private RegtestBitcoinPeer peer;

    /** Nodes first, then the peer they follow, then the test's own chain. */
    @AfterEach
    void closeAll() throws Exception {
        open.add(regtest.chain);
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private NodeApi node(String name) throws Exception {
        NodeApi api = NodeApi.startMarket(tmp.resolve(name),
                new MarketSettings("regtest", 3, List.of("127.0.0.1:" + peer.address().getPort())));
        open.add(0, api.node());
        return api;
    }

    /** The peer's best chain grows by {@code blocks}, announced by inv. */
    private void publish(List<Block> blocks) {
        chain.addAll(blocks);
        peer.setBest(chain);
        peer.announceTip();
    }

    private static String address(NodeApi n) {
        return n.node().listenAddresses().getFirst().toString();
    }

    @Test
    void sellerFindsTheBroadcastPaymentByScanningAndLicensesWithoutAProof() throws Exception {
        purchase(3 * 1024 * 1024 + 777, false);
    }

    @Test
    @EnabledIfSystemProperty(named = "bench", matches = "true")
    void benchPaymentConfirmationToPlaintextFor100MiB() throws Exception {
        purchase(100 * 1024 * 1024, true);
    }

    private void purchase(int size, boolean report) throws Exception {
        peer = new RegtestBitcoinPeer(RegtestMiner.PARAMS);
        open.add(peer);
        chain.add(regtest.miner.genesis());
        chain.addAll(regtest.miner.minedBlocks());
        peer.setBest(chain);
        NodeApi seller = node("seller");
        NodeApi buyer = node("buyer");
        MarketFeature sellerMarket = seller.node().feature(MarketFeature.class);
        await().atMost(20, TimeUnit.SECONDS).until(() -> sellerMarket.headers().headHeight() == 101);

        String walletAddress = buyer.ok("POST", "wallet", null).path("address").asText();
        Address to = AddressParser.getDefault(MarketNetwork.REGTEST.bitcoinj()).parseAddress(walletAddress);
        Block funding = regtest.miner.minedBlocks().getFirst();
        publish(List.of(regtest.mineTxs(List.of(RegtestMiner.pay(RegtestMiner.reward(funding),
                regtest.miner.minerKey(), to, 1_000_000)))));
        // No block is posted: the buyer's follower fetches the funding block for its wallet from the peer.
        await().atMost(20, TimeUnit.SECONDS).until(() ->
                buyer.ok("GET", "wallet", null).path("balanceSats").asLong() == 1_000_000);

        byte[] original = new byte[size];
        new Random(5).nextBytes(original);
        Path source = Files.write(Files.createDirectories(tmp.resolve("src")).resolve("film.mkv"), original);
        String listingId = seller.ok("POST", "shares", Map.of("path", source.toString(), "title", "Film",
                "priceSats", 40_000, "payout", Fixtures.sellerTpub())).path("contentId").asText();
        String orderId = buyer.ok("POST", "market/orders", Map.of("seller", address(seller),
                "listingId", listingId)).path("orderId").asText();

        var none = buyer.call("POST", "market/payments", Map.of("orderId", orderId));
        assertThat(none.status()).isEqualTo(409);
        assertThat(none.body().path("error").path("code").asText()).isEqualTo("payment_not_found");

        JsonNode paid = buyer.ok("POST", "wallet/pay", Map.of("orderId", orderId));
        assertThat(paid.path("broadcast").asBoolean()).isTrue();
        assertThat(paid.path("broadcastPeers").asInt()).isEqualTo(1);
        await().atMost(20, TimeUnit.SECONDS).until(() -> !peer.receivedTransactions().isEmpty());
        Transaction tx = peer.receivedTransactions().getFirst();
        assertThat(tx.getTxId().toString()).isEqualTo(paid.path("txid").asText());

        publish(List.of(regtest.mineTxs(List.of(tx))));
        await().atMost(20, TimeUnit.SECONDS).until(() -> !sellerMarket.seller().scanned().of(
                io.grapevine.market.order.OrderId.parse(orderId)).isEmpty());
        JsonNode sale = seller.ok("GET", "market/orders", null).path("sales").get(0);
        assertThat(sale.path("foundPayments").get(0).path("txid").asText()).isEqualTo(tx.getTxId().toString());
        var early = buyer.call("POST", "market/payments", Map.of("orderId", orderId));
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.body().path("error").path("code").asText()).isEqualTo("insufficient_confirmations");

        publish(regtest.extend(2)); // the third confirmation
        long wall0 = System.nanoTime();
        double cpu0 = cpuSeconds();
        JsonNode license = await().atMost(20, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(20))
                .until(() -> buyer.call("POST", "market/payments", Map.of("orderId", orderId)),
                        r -> r.status() == 201).body();
        long licensed = System.nanoTime();
        assertThat(license.path("txid").asText()).isEqualTo(tx.getTxId().toString());
        JsonNode got = buyer.ok("POST", "market/downloads", Map.of("listingId", listingId,
                "from", List.of(address(seller))));
        Path written = Path.of(got.path("files").get(0).asText());
        long done = System.nanoTime();
        double cpu = cpuSeconds() - cpu0;
        assertThat(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(written)))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(original));
        if (report) {
            System.out.printf("BENCH market confirmation->plaintext %d MiB: %.2f s wall (license %.3f s), %.2f CPU-s,"
                    + " load %.2f%n", size >> 20, (done - wall0) / 1e9, (licensed - wall0) / 1e9, cpu,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }
}

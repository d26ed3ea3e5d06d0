package io.grapevine.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.market.chain.MarketNetwork;
import io.grapevine.market.testing.Fixtures;
import io.grapevine.market.regtest.Regtest;
import io.grapevine.market.regtest.RegtestMiner;
import io.grapevine.node.market.MarketFeature;
import io.grapevine.node.market.MarketSettings;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * A paid purchase between real nodes on 127.0.0.1 through their HTTP API, paid with the buyer's wallet on a regtest
 * chain mined in-process: the seller shares a paid file, a peer without a license gets no chunks, the buyer orders,
 * pays, is refused while unconfirmed, gets the license after 3 confirmations, downloads, decrypts: same bytes.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PaidPurchaseTest {
    @TempDir
    Path tmp;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final Regtest regtest = new Regtest(Instant.now().minus(Duration.ofHours(3)));
    private int fed;

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
        regtest.chain.close();
    }

    private NodeApi node(String name) throws Exception {
        NodeApi api = NodeApi.startMarket(tmp.resolve(name), new MarketSettings("regtest", 3));
        open.add(api.node());
        return api;
    }

    /** Feeds every block mined since the last call to each node: headers to its chain, full blocks to its wallet. */
    private void sync(NodeApi... nodes) throws Exception {
        List<Block> mined = regtest.miner.minedBlocks();
        List<Block> fresh = mined.subList(fed, mined.size());
        fed = mined.size();
        for (NodeApi n : nodes) {
            n.postBlocks(fresh);
        }
    }

    private static String address(NodeApi n) {
        return n.node().listenAddresses().getFirst().toString();
    }

    @Test
    void buyerPaysWithItsWalletAndDecryptsTheFile() throws Exception {
        NodeApi seller = node("seller");
        NodeApi buyer = node("buyer");
        NodeApi stranger = node("stranger");
        // The buyer's wallet follows the chain from the genesis, funded below from a mature coinbase.
        String walletAddress = buyer.ok("POST", "wallet", null).path("address").asText();
        sync(seller, buyer);

        byte[] original = new byte[3 * 1024 * 1024 + 777];
        new Random(3).nextBytes(original);
        Path source = Files.write(Files.createDirectories(tmp.resolve("src")).resolve("album.flac"), original);
        JsonNode shared = seller.ok("POST", "shares", Map.of("path", source.toString(), "title", "Album",
                "priceSats", 50_000, "payout", Fixtures.sellerTpub()));
        String listingId = shared.path("contentId").asText();
        assertThat(shared.path("files").get(0).path("path").asText()).isEqualTo("album.flac");
        assertThat(seller.ok("GET", "market/listings", null).path("listings").get(0).path("listingId").asText())
                .isEqualTo(listingId);

        // A peer without a license is told the content is unknown: it keeps retrying and gets no chunk (checked
        // after the buyer's whole purchase, so over tens of seconds).
        stranger.ok("POST", "downloads", Map.of("contentId", listingId, "from", List.of(address(seller))));

        Address to = AddressParser.getDefault(MarketNetwork.REGTEST.bitcoinj()).parseAddress(walletAddress);
        Block funding = regtest.miner.minedBlocks().getFirst();
        regtest.payAndMine(RegtestMiner.pay(RegtestMiner.reward(funding), regtest.miner.minerKey(), to, 1_000_000), 1);
        sync(seller, buyer);
        assertThat(buyer.ok("GET", "wallet", null).path("balanceSats").asLong()).isEqualTo(1_000_000);

        JsonNode order = buyer.ok("POST", "market/orders", Map.of("seller", address(seller), "listingId", listingId));
        String orderId = order.path("orderId").asText();
        assertThat(order.path("amountSats").asLong()).isEqualTo(50_000);
        assertThat(order.path("paymentUri").asText()).startsWith("bitcoin:" + order.path("address").asText());
        assertThat(seller.ok("GET", "market/orders", null).path("sales").get(0).path("orderId").asText())
                .isEqualTo(orderId);

        JsonNode paid = buyer.ok("POST", "wallet/pay", Map.of("orderId", orderId));
        Transaction tx = Transaction.read(ByteBuffer.wrap(HexFormat.of().parseHex(paid.path("rawTx").asText())));
        regtest.mineTxs(List.of(tx));
        sync(seller, buyer);
        var early = buyer.call("POST", "market/payments", Map.of("orderId", orderId, "rawTx",
                paid.path("rawTx").asText()));
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.body().path("error").path("code").asText()).isEqualTo("insufficient_confirmations");

        regtest.extend(2);
        sync(seller, buyer);
        JsonNode license = buyer.ok("POST", "market/payments", Map.of("orderId", orderId, "rawTx",
                paid.path("rawTx").asText()));
        assertThat(license.path("txid").asText()).isEqualTo(tx.getTxId().toString());
        assertThat(license.path("buyer").asText()).isEqualTo(buyer.node().peerId().toBase58());
        assertThat(buyer.ok("GET", "market/licenses", null).path("held")).hasSize(1);
        assertThat(seller.ok("GET", "market/licenses", null).path("issued")).hasSize(1);

        JsonNode got = buyer.ok("POST", "market/downloads", Map.of("listingId", listingId,
                "from", List.of(address(seller))));
        Path written = Path.of(got.path("files").get(0).asText());
        assertThat(written.getFileName().toString()).isEqualTo("album.flac");
        assertThat(Files.readAllBytes(written)).isEqualTo(original);
        JsonNode strangers = stranger.ok("GET", "downloads/" + listingId, null);
        assertThat(strangers.path("state").asText()).isNotEqualTo("completed");
        assertThat(strangers.path("verifiedBytes").asLong()).isZero();
        stranger.ok("POST", "downloads/" + listingId + "/cancel", null);
        // The stranger still has no license: the market refuses to download for it.
        var refused = stranger.call("POST", "market/downloads", Map.of("listingId", listingId,
                "from", List.of(address(seller))));
        assertThat(refused.body().path("error").path("code").asText()).isEqualTo("no_license");
        assertThat(seller.node().feature(MarketFeature.class).ledger().orders()).hasSize(1);

        // The same story in the nodes' metrics (/metrics renders these).
        String sellerMetrics = seller.node().metrics().scrape();
        assertThat(sellerMetrics)
                .containsPattern("(?m)^grapevine_market_payments_total\\{outcome=\"verified\"} 1\\.0$")
                .containsPattern("(?m)^grapevine_market_payments_total\\{outcome=\"insufficient_confirmations\"} 1\\.0$")
                .containsPattern("(?m)^grapevine_transfer_bytes_total\\{direction=\"up\"} [1-9]")
                .containsPattern("(?m)^grapevine_store_chunks [1-9]");
        String buyerMetrics = buyer.node().metrics().scrape();
        assertThat(buyerMetrics)
                .containsPattern("(?m)^grapevine_transfer_bytes_total\\{direction=\"down\"} [1-9]")
                .containsPattern("(?m)^grapevine_downloads_active 0\\.0$");
        // The listing's announcement reaches the buyer's index by gossip, refreshed within a second or so.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(buyer.node().metrics().scrape()).containsPattern("(?m)^grapevine_index_documents [1-9]"));
    }
}

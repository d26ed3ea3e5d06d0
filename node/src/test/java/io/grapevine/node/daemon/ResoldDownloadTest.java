package io.grapevine.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.market.chain.MarketNetwork;
import io.grapevine.market.regtest.Regtest;
import io.grapevine.market.regtest.RegtestMiner;
import io.grapevine.market.testing.Fixtures;
import io.grapevine.node.market.MarketSettings;
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
import org.bitcoinj.base.AddressParser;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four real nodes on 127.0.0.1 through their HTTP API: seller S shares a paid file (found in C's search as paid, with
 * its price), delegates it to reseller R, which fetches the ciphertext; S goes offline; buyer C orders from R, pays on
 * an in-process regtest, gets R's license, downloads the ciphertext from R and decrypts it: same bytes. A fourth node
 * T, fetching ciphertext chunks from C, holds no key: the market refuses to decrypt for it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ResoldDownloadTest {
    private static final long PRICE = 40_000;

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

    private NodeApi node(String name, NodeApi... bootstrap) throws Exception {
        Path home = Files.createDirectories(tmp.resolve(name));
        new MarketSettings("regtest", 3).save(home);
        List<String> boot = new ArrayList<>();
        for (NodeApi b : bootstrap) boot.add(address(b));
        GrapevineNode node = GrapevineNode.start(new NodeHome(home),
                new GrapevineNode.Options(List.of("/ip4/127.0.0.1/tcp/0"), boot, List.of()));
        open.add(node);
        return new NodeApi(node);
    }

    /** Feeds every block mined since the last call to each node (headers to its chain, blocks to its wallet). */
    private void sync(NodeApi... nodes) throws Exception {
        List<Block> mined = regtest.miner.minedBlocks();
        List<String> hex = new ArrayList<>();
        for (Block b : mined.subList(fed, mined.size())) hex.add(HexFormat.of().formatHex(b.serialize()));
        fed = mined.size();
        for (int from = 0; from < hex.size(); from += 50) {
            for (NodeApi n : nodes) {
                n.ok("POST", "market/blocks", Map.of("blocks", hex.subList(from, Math.min(hex.size(), from + 50))));
            }
        }
    }

    private static String address(NodeApi n) {
        return n.node().listenAddresses().getFirst().toString();
    }

    @Test
    void buyerDownloadsFromTheResellerWhileTheSellerIsOfflineAndAThirdNodeCannotRead() throws Exception {
        NodeApi seller = node("seller");
        NodeApi reseller = node("reseller", seller);
        NodeApi buyer = node("buyer", seller, reseller);
        sync(seller, reseller, buyer);

        byte[] original = new byte[2 * 1024 * 1024 + 333];
        new Random(9).nextBytes(original);
        Path source = Files.write(Files.createDirectories(tmp.resolve("src")).resolve("resold.mkv"), original);
        String listingId = seller.ok("POST", "shares", Map.of("path", source.toString(), "title", "Resold film",
                "priceSats", PRICE, "payout", Fixtures.sellerTpub())).path("contentId").asText();

        // Search on the buyer shows it as paid, with its price.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> buyer.ok("GET", "search?q=resold", null).path("hits").size() == 1);
        JsonNode hit = buyer.ok("GET", "search?q=resold", null).path("hits").get(0);
        assertThat(hit.path("contentId").asText()).isEqualTo(listingId);
        assertThat(hit.path("priceSats").asLong()).isEqualTo(PRICE);
        assertThat(hit.path("free").asBoolean()).isFalse();
        assertThat(buyer.ok("GET", "search?q=resold&paid=true", null).path("hits")).hasSize(1);
        assertThat(buyer.ok("GET", "search?q=resold&free=true", null).path("hits")).isEmpty();

        seller.ok("POST", "market/resellers", Map.of("reseller", reseller.node().peerId().toBase58(),
                "listingIds", List.of(listingId), "commissionBasisPoints", 1_000));
        reseller.ok("POST", "market/resales", Map.of("seller", address(seller), "listingId", listingId,
                "payout", Fixtures.sellerTpub()));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                "completed".equals(reseller.ok("GET", "downloads/" + listingId, null).path("state").asText()));

        // The seller goes offline for good.
        open.remove(seller.node());
        seller.node().close();

        JsonNode order = buyer.ok("POST", "market/orders", Map.of("seller", address(reseller), "listingId", listingId));
        assertThat(order.path("amountSats").asLong()).isEqualTo(PRICE);
        var to = AddressParser.getDefault(MarketNetwork.REGTEST.bitcoinj()).parseAddress(order.path("address").asText());
        Transaction tx = RegtestMiner.pay(RegtestMiner.reward(regtest.miner.minedBlocks().get(1)),
                regtest.miner.minerKey(), to, PRICE);
        Block paid = regtest.payAndMine(tx, 2);
        sync(reseller, buyer);
        JsonNode license = buyer.ok("POST", "market/payments", Map.of("orderId", order.path("orderId").asText(),
                "rawTx", HexFormat.of().formatHex(tx.serialize()),
                "proof", HexFormat.of().formatHex(RegtestMiner.proof(paid, 1))));
        assertThat(license.path("resold").asBoolean()).isTrue();

        JsonNode got = buyer.ok("POST", "market/downloads", Map.of("listingId", listingId,
                "from", List.of(address(reseller))));
        Path written = Path.of(got.path("files").get(0).asText());
        assertThat(written.getFileName().toString()).isEqualTo("resold.mkv");
        assertThat(Files.readAllBytes(written)).isEqualTo(original);

        // T fetches the listing's chunks from C, which holds them: ciphertext only, and no key to open it.
        NodeApi third = node("third", buyer);
        third.ok("POST", "downloads", Map.of("contentId", listingId, "from", List.of(address(buyer))));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> List.of("completed",
                "failed").contains(third.ok("GET", "downloads/" + listingId, null).path("state").asText()));
        JsonNode held = third.ok("GET", "downloads/" + listingId, null);
        System.out.println("third node's plain download of the listing: " + held);
        for (JsonNode f : held.path("files")) {
            byte[] bytes = Files.readAllBytes(Path.of(f.asText()));
            assertThat(bytes).isNotEqualTo(original);
            assertThat(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1))
                    .doesNotContain(new String(original, 0, 4096, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        var refused = third.call("POST", "market/downloads", Map.of("listingId", listingId,
                "from", List.of(address(buyer))));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().path("error").path("code").asText()).isEqualTo("no_license");
    }
}

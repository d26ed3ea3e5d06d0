package io.grapevine.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.cli.ApiClient;
import io.grapevine.cli.demo.DemoNetwork.Member;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import static io.grapevine.cli.demo.Walkthrough.STEP_TIMEOUT;
import static io.grapevine.cli.demo.Walkthrough.await;
import static io.grapevine.cli.demo.Walkthrough.sha256;

/**
 * The demo's paid purchase on regtest, step by step through the nodes' HTTP API: alice sells an encrypted file,
 * carol finds it with its price, funds her wallet from the demo's miner, orders, pays, and once the payment has its
 * confirmations alice's node verifies it (merkle proof against its headers-only chain) and issues a license; carol
 * downloads, decrypts and gets the same bytes. Bob, without a license, asks alice for the chunks and gets none.
 */
final class PaidPurchase {
    private static final int PAID_FILE_BYTES = 2 * 1024 * 1024 + 123;
    private static final long PRICE_SATS = 25_000;
    private static final long FUNDING_SATS = 1_000_000;

    private final DemoNetwork network;
    private final DemoChain chain;
    private final Member seller;
    private final Member buyer;
    private final Member stranger;
    private String sha256;
    private String listingId;
    private String orderId;
    private String rawTx;

    PaidPurchase(DemoNetwork network, Member seller, Member buyer, Member stranger) {
        this.network = network;
        this.chain = network.chain();
        this.seller = seller;
        this.buyer = buyer;
        this.stranger = stranger;
    }

    List<Step> steps() {
        return List.of(
                new Step("alice sells a second file for " + String.format(Locale.ROOT, "%,d", PRICE_SATS)
                        + " sats on regtest (chunks encrypted, key kept by alice)", this::sell),
                new Step("bob, without a license, asks alice for the paid file's chunks", this::strangerAsks),
                new Step("carol searches for \"paid album\" and sees its price", this::search),
                new Step("carol creates her wallet; the demo's in-process miner funds it and every node takes the blocks",
                        this::fundWallet),
                new Step("carol orders the file from alice", this::order),
                new Step("carol pays from her wallet; the miner mines it (1 of " + DemoNetwork.CONFIRMATIONS
                        + " confirmations)", this::pay),
                new Step("one more block: alice's node verifies the payment and issues carol a license", this::license),
                new Step("carol downloads the ciphertext and decrypts it with the key sealed in her license",
                        this::download),
                new Step("bob, still without a license, got none of the paid chunks", this::strangerGotNothing));
    }

    private List<String> sell() throws Exception {
        Path folder = Files.createDirectories(network.base().resolve("files-of-" + seller.name()));
        Path file = folder.resolve("grapevine-demo-album.bin");
        byte[] bytes = new byte[PAID_FILE_BYTES];
        new SplittableRandom(2027).nextBytes(bytes);
        Files.write(file, bytes);
        sha256 = sha256(bytes);
        String payout = DemoChain.newPayoutTpub();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("path", file.toString());
        request.put("title", "Grapevine demo: a paid album");
        request.put("description", "A file sold by the demo to show a paid purchase on regtest.");
        request.put("tags", List.of("demo", "paid"));
        request.put("priceSats", PRICE_SATS);
        request.put("payout", payout);
        JsonNode share = seller.api().post("shares", request, seller.home(), STEP_TIMEOUT);
        listingId = share.path("contentId").asText();
        return List.of("listing id: " + listingId,
                String.format(Locale.ROOT, "price:      %,d sats, payout %s... (a fresh address per order)",
                        PRICE_SATS, payout.substring(0, 24)),
                "sha-256:    " + sha256);
    }

    private List<String> strangerAsks() {
        stranger.api().post("downloads", Map.of("contentId", listingId, "from", List.of(seller.address())),
                stranger.home());
        return List.of("bob's node keeps asking; alice's license gate answers as if she did not have it (checked at the end)");
    }

    private List<String> search() throws InterruptedException {
        JsonNode[] hit = new JsonNode[1];
        await(() -> {
            for (JsonNode h : buyer.api().get("search?q=paid+album&limit=10", buyer.home()).path("hits")) {
                if (h.path("contentId").asText().equals(listingId)) hit[0] = h;
            }
            return hit[0] != null;
        }, "carol's search did not find alice's paid file");
        if (hit[0].path("priceSats").asLong() != PRICE_SATS) {
            throw new IllegalStateException("search shows price " + hit[0].path("priceSats").asLong());
        }
        return List.of(String.format(Locale.ROOT, "found \"%s\", %d bytes, %,d sats, publisher %s",
                hit[0].path("title").asText(), hit[0].path("totalSize").asLong(), hit[0].path("priceSats").asLong(),
                hit[0].path("publisher").asText()));
    }

    private List<String> fundWallet() {
        // The wallet must see every block from the genesis: it exists before the first block is fed.
        String address = buyer.api().post("wallet", null, buyer.home()).path("address").asText();
        String txid = chain.fund(address, FUNDING_SATS);
        int blocks = chain.feed(network.members());
        long balance = buyer.api().get("wallet", buyer.home()).path("balanceSats").asLong();
        if (balance != FUNDING_SATS) throw new IllegalStateException("carol's wallet shows " + balance + " sats");
        return List.of("carol's wallet: " + address,
                String.format(Locale.ROOT, "funded with %,d sats from a mature coinbase (txid %s)", FUNDING_SATS, txid),
                String.format(Locale.ROOT, "%d regtest blocks fed to alice, bob and carol; height %d, balance %,d sats",
                        blocks, chain.height(), balance));
    }

    private List<String> order() {
        JsonNode order = buyer.api().post("market/orders", Map.of("seller", seller.address(), "listingId", listingId),
                buyer.home(), STEP_TIMEOUT);
        orderId = order.path("orderId").asText();
        return List.of("order id: " + orderId,
                String.format(Locale.ROOT, "amount:   %,d sats to %s", order.path("amountSats").asLong(),
                        order.path("address").asText()),
                "BIP21:    " + order.path("paymentUri").asText());
    }

    private List<String> pay() {
        JsonNode paid = buyer.api().post("wallet/pay", Map.of("orderId", orderId), buyer.home());
        rawTx = paid.path("rawTx").asText();
        int height = chain.mine(rawTx);
        chain.feed(network.members());
        List<String> lines = new ArrayList<>();
        lines.add("txid " + paid.path("txid").asText() + " (" + rawTx.length() / 2 + " bytes), mined at height " + height);
        try {
            buyer.api().post("market/payments", Map.of("orderId", orderId, "rawTx", rawTx), buyer.home(), STEP_TIMEOUT);
            throw new IllegalStateException("alice accepted a payment with 1 of " + DemoNetwork.CONFIRMATIONS
                    + " confirmations");
        } catch (ApiClient.Failure refused) {
            if (!refused.getMessage().contains("insufficient_confirmations")) throw refused;
            lines.add("submitted now, alice refuses: " + refused.getMessage());
        }
        return lines;
    }

    private List<String> license() {
        chain.extend(DemoNetwork.CONFIRMATIONS - 1);
        chain.feed(network.members());
        JsonNode license = buyer.api().post("market/payments", Map.of("orderId", orderId, "rawTx", rawTx),
                buyer.home(), STEP_TIMEOUT);
        if (!license.path("buyer").asText().equals(buyer.node().peerId().toBase58())) {
            throw new IllegalStateException("the license names " + license.path("buyer").asText());
        }
        return List.of(String.format(Locale.ROOT, "%d confirmations at height %d: carol's node sent the tx and its "
                        + "merkle proof, alice's node checked it against her headers-only chain",
                        DemoNetwork.CONFIRMATIONS, chain.height()),
                String.format(Locale.ROOT, "license for order %s: %,d sats paid in txid %s",
                        license.path("orderId").asText(), license.path("paidSats").asLong(),
                        license.path("txid").asText()),
                "bound to carol's peer id " + license.path("buyer").asText() + ", signed by alice ("
                        + license.path("license").asText().length() / 2 + " bytes, content key sealed to carol)");
    }

    private List<String> download() throws Exception {
        long t0 = System.nanoTime();
        JsonNode got = buyer.api().post("market/downloads", Map.of("listingId", listingId,
                "from", List.of(seller.address())), buyer.home(), STEP_TIMEOUT);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Path saved = Path.of(got.path("files").get(0).asText());
        String digest = sha256(Files.readAllBytes(saved));
        if (!digest.equals(sha256)) {
            throw new IllegalStateException("the decrypted file's sha-256 " + digest + " differs from the original's");
        }
        return List.of(String.format(Locale.ROOT, "saved %s (%.1f s), sha-256 matches", saved, seconds));
    }

    private List<String> strangerGotNothing() {
        JsonNode attempt = stranger.api().get("downloads/" + listingId, stranger.home());
        long verified = attempt.path("verifiedBytes").asLong();
        if (verified != 0 || attempt.path("state").asText().equals("completed")) {
            throw new IllegalStateException("bob got " + verified + " bytes of the paid file without a license");
        }
        stranger.api().post("downloads/" + listingId + "/cancel", null, stranger.home());
        String refusal;
        try {
            stranger.api().post("market/downloads", Map.of("listingId", listingId, "from", List.of(seller.address())),
                    stranger.home());
            throw new IllegalStateException("bob's node downloaded the paid file without a license");
        } catch (ApiClient.Failure refused) {
            if (!refused.getMessage().contains("no_license")) throw refused;
            refusal = refused.getMessage();
        }
        return List.of("bob's download: " + attempt.path("state").asText() + ", 0 bytes verified; cancelled",
                "bob's market download: " + refusal);
    }
}

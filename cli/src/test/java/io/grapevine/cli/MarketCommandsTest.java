package io.grapevine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.grapevine.market.chain.MarketNetwork;
import io.grapevine.market.regtest.Regtest;
import io.grapevine.market.regtest.RegtestMiner;
import io.grapevine.node.market.bitcoin.RegtestBitcoinPeer;
import java.time.Duration;
import java.time.Instant;
import org.bitcoinj.base.AddressParser;
import org.bitcoinj.base.ScriptType;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.crypto.ECKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wallet} and {@code market} commands against a regtest node started by the CLI. */
class MarketCommandsTest {
    @TempDir
    Path tmp;

    private List<String> run(int expectedExit, Path stderr, String... args) throws Exception {
        try (CliProcess client = CliProcess.start(stderr, args)) {
            assertThat(client.process().waitFor(60, TimeUnit.SECONDS)).as("client exited").isTrue();
            assertThat(client.process().exitValue()).as(Files.readString(stderr)).isEqualTo(expectedExit);
            List<String> lines = new ArrayList<>();
            for (String line; (line = client.poll()) != null; ) lines.add(line);
            return lines;
        }
    }

    @Test
    void walletAndMarketCommandsTalkToTheNode() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(home.resolve("market.json"), "{\"network\":\"regtest\",\"confirmations\":3}");
        try (CliProcess node = CliProcess.start(tmp.resolve("node.log"),
                "node", "--home", home.toString(), "--listen", "/ip4/127.0.0.1/tcp/0")) {
            while (!node.nextLine(60).equals("ready")) {
                // skip the start lines
            }
            String h = home.toString();
            run(1, tmp.resolve("nowallet.err"), "wallet", "--home", h);
            assertThat(Files.readString(tmp.resolve("nowallet.err"))).contains("(no_wallet)");

            JsonNode created = new ObjectMapper().readTree(
                    run(0, tmp.resolve("create.err"), "wallet", "create", "--home", h, "--json").getFirst());
            assertThat(created.path("network").asText()).isEqualTo("regtest");
            assertThat(created.path("address").asText()).startsWith("bcrt1q");
            assertThat(run(0, tmp.resolve("show.err"), "wallet", "--home", h))
                    .contains("address: " + created.path("address").asText(), "balance: 0 sat (estimated 0 sat)");

            assertThat(run(0, tmp.resolve("orders.err"), "market", "orders", "--home", h, "--json"))
                    .containsExactly("{\"sales\":[],\"purchases\":[]}"); // keys in a fixed order
            assertThat(run(0, tmp.resolve("licenses.err"), "market", "licenses", "--home", h, "--json"))
                    .containsExactly("{\"held\":[],\"issued\":[]}");
            assertThat(run(0, tmp.resolve("orders-table.err"), "market", "orders", "--home", h))
                    .containsExactly("purchases:", "ORDER  LISTING  SATS  ADDRESS  EXPIRES", "sales:",
                            "ORDER  LISTING  SATS  ADDRESS  EXPIRES");
            assertThat(run(0, tmp.resolve("resellers.err"), "market", "resellers", "--home", h, "--json"))
                    .containsExactly("{\"resellers\":[]}");
            run(1, tmp.resolve("buy.err"), "market", "buy", "not-a-peer", "bafy", "--home", h);
            assertThat(Files.readString(tmp.resolve("buy.err"))).contains("seller");
            run(2, tmp.resolve("pay-proof.err"), "market", "pay", "0123", "--proof", "00", "--home", h);
            assertThat(Files.readString(tmp.resolve("pay-proof.err"))).contains("--proof needs --tx");
            run(1, tmp.resolve("pay-none.err"), "market", "pay", "0123", "--home", h);
            assertThat(Files.readString(tmp.resolve("pay-none.err"))).containsIgnoringCase("order");
        }
    }

    /** Starts a node and returns its listen address. */
    private static String started(CliProcess node) throws Exception {
        for (String line = node.nextLine(60); !line.equals("ready"); line = node.nextLine(60)) {
            if (line.startsWith("listening: ")) {
                String address = line.substring("listening: ".length());
                while (!node.nextLine(60).equals("ready")) {
                    // api and web lines
                }
                return address;
            }
        }
        throw new AssertionError("no listen address printed");
    }

    /**
     * {@code wallet pay} with a Bitcoin peer: the buyer's wallet is funded on the peer (no block posted), buys a paid
     * share, pays; the command prints the txid, the raw transaction and "sent:  to 1 Bitcoin peer(s)".
     */
    @Test
    void walletPayPrintsTheTransactionAndThatItWasSentToTheBitcoinPeer() throws Exception {
        Regtest regtest = new Regtest(Instant.now().minus(Duration.ofHours(3)));
        List<Block> chain = new ArrayList<>();
        chain.add(regtest.miner.genesis());
        chain.addAll(regtest.miner.minedBlocks());
        try (RegtestBitcoinPeer peer = new RegtestBitcoinPeer(RegtestMiner.PARAMS)) {
            peer.setBest(chain);
            String settings = "{\"network\":\"regtest\",\"confirmations\":3,\"bitcoinPeers\":[\"127.0.0.1:"
                    + peer.address().getPort() + "\"]}";
            Path sellerHome = Files.createDirectories(tmp.resolve("seller"));
            Path buyerHome = Files.createDirectories(tmp.resolve("buyer"));
            Files.writeString(sellerHome.resolve("market.json"), settings);
            Files.writeString(buyerHome.resolve("market.json"), settings);
            Path film = Files.write(tmp.resolve("film.mkv"), new byte[300_000]);
            try (CliProcess sellerNode = CliProcess.start(tmp.resolve("seller.log"), "node", "--home",
                    sellerHome.toString(), "--listen", "/ip4/127.0.0.1/tcp/0");
                 CliProcess buyerNode = CliProcess.start(tmp.resolve("buyer.log"), "node", "--home",
                    buyerHome.toString(), "--listen", "/ip4/127.0.0.1/tcp/0")) {
                String seller = started(sellerNode);
                started(buyerNode);
                String b = buyerHome.toString();
                String payout = new ECKey().toAddress(ScriptType.P2WPKH, MarketNetwork.REGTEST.bitcoinj()).toString();
                String listing = run(0, tmp.resolve("share.err"), "share", film.toString(), "--home",
                        sellerHome.toString(), "--price-sats", "40000", "--payout", payout).getLast();

                String address = new ObjectMapper().readTree(run(0, tmp.resolve("create.err"), "wallet", "create",
                        "--home", b, "--json").getFirst()).path("address").asText();
                Transaction funding = RegtestMiner.pay(RegtestMiner.reward(chain.get(1)), regtest.miner.minerKey(),
                        AddressParser.getDefault(MarketNetwork.REGTEST.bitcoinj()).parseAddress(address), 1_000_000);
                chain.add(regtest.mineTxs(List.of(funding)));
                peer.setBest(chain);
                peer.announceTip();
                await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500)).until(() ->
                        run(0, tmp.resolve("show.err"), "wallet", "--home", b)
                                .contains("balance: 1000000 sat (estimated 1000000 sat)"));

                String order = run(0, tmp.resolve("buy.err"), "market", "buy", seller, listing, "--home", b)
                        .getFirst().substring("order:".length()).trim();
                List<String> paid = run(0, tmp.resolve("pay.err"), "wallet", "pay", order, "--home", b);
                assertThat(paid).hasSize(3);
                assertThat(paid.get(2)).isEqualTo("sent:  to 1 Bitcoin peer(s)");
                await().atMost(10, TimeUnit.SECONDS).until(() -> !peer.receivedTransactions().isEmpty());
                assertThat(paid.get(0)).isEqualTo("txid:  " + peer.receivedTransactions().getFirst().getTxId());
                assertThat(paid.get(1)).startsWith("rawTx: ").hasSizeGreaterThan(200);
            }
        }
    }
}

package io.grapevine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
        }
    }
}

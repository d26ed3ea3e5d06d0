package io.grapevine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.node.daemon.NodeHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code grapevine market get LISTING [--from ADDR]...}: downloads a licensed listing and decrypts it. */
@Command(name = "get", description = "Download a licensed paid listing and decrypt it into the download folder.")
final class MarketGetCommand implements Callable<Integer> {
    @Mixin
    HomeOption home;

    @Parameters(index = "0", paramLabel = "LISTING_ID")
    String listingId;

    @Option(names = "--from", paramLabel = "MULTIADDR", description = "A provider (repeatable).")
    List<String> from = new ArrayList<>();

    @Option(names = "--json", description = "Print the API's JSON.")
    boolean json;

    @Override
    public Integer call() {
        NodeHome nodeHome = home.resolve();
        JsonNode got = ApiClient.forHome(nodeHome).post("market/downloads",
                Map.of("listingId", listingId, "from", from), nodeHome, Duration.ofHours(24));
        if (json) {
            System.out.println(got);
            return 0;
        }
        for (JsonNode f : got.path("files")) System.out.println(f.asText());
        return 0;
    }
}

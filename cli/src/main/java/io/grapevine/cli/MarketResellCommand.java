package io.grapevine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.node.daemon.NodeHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code grapevine market resell SELLER LISTING --payout XPUB}: take up a listing the seller delegated to us. */
@Command(name = "resell", description = "Take up a listing a seller delegated to this node; orders pay --payout.")
final class MarketResellCommand implements Callable<Integer> {
    @Mixin
    HomeOption home;

    @Parameters(index = "0", paramLabel = "SELLER_MULTIADDR")
    String seller;

    @Parameters(index = "1", paramLabel = "LISTING_ID")
    String listingId;

    @Option(names = "--payout", required = true, paramLabel = "XPUB_OR_ADDRESS")
    String payout;

    @Option(names = "--json", description = "Print the API's JSON.")
    boolean json;

    @Override
    public Integer call() {
        NodeHome nodeHome = home.resolve();
        JsonNode listing = ApiClient.forHome(nodeHome).post("market/resales",
                Map.of("seller", seller, "listingId", listingId, "payout", payout), nodeHome, Duration.ofSeconds(70));
        System.out.println(json ? listing.toString() : "reselling " + listing.path("listingId").asText() + " at "
                + listing.path("priceSats").asLong() + " sat");
        return 0;
    }
}

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

/** {@code grapevine market buy SELLER LISTING}: asks the seller for an order; prints the BIP21 URI to pay. */
@Command(name = "buy", description = "Order a paid listing from its seller (peer id or /p2p multiaddr).")
final class MarketBuyCommand implements Callable<Integer> {
    @Mixin
    HomeOption home;

    @Parameters(index = "0", paramLabel = "SELLER")
    String seller;

    @Parameters(index = "1", paramLabel = "LISTING_ID")
    String listingId;

    @Option(names = "--json", description = "Print the API's JSON.")
    boolean json;

    @Override
    public Integer call() {
        NodeHome nodeHome = home.resolve();
        JsonNode order = ApiClient.forHome(nodeHome).post("market/orders",
                Map.of("seller", seller, "listingId", listingId), nodeHome, Duration.ofSeconds(70));
        if (json) {
            System.out.println(order);
            return 0;
        }
        System.out.println("order:   " + order.path("orderId").asText());
        System.out.println("amount:  " + order.path("amountSats").asLong() + " sat to " + order.path("address").asText());
        System.out.println("expires: " + order.path("expiresAt").asText());
        System.out.println("pay:     " + order.path("paymentUri").asText());
        System.out.println("then:    grapevine wallet pay " + order.path("orderId").asText()
                + "  (or any wallet), and grapevine market pay ORDER --tx HEX [--proof HEX]");
        return 0;
    }
}

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

/** {@code grapevine market pay ORDER --tx HEX [--proof HEX]}: submits a payment; prints the license or the reason. */
@Command(name = "pay", description = "Submit a payment (raw tx and gettxoutproof) for an order; get the license.")
final class MarketPayCommand implements Callable<Integer> {
    @Mixin
    HomeOption home;

    @Parameters(index = "0", paramLabel = "ORDER_ID")
    String orderId;

    @Option(names = "--tx", required = true, paramLabel = "HEX", description = "The paying transaction.")
    String tx;

    @Option(names = "--proof", paramLabel = "HEX",
            description = "Its gettxoutproof (optional when the node's wallet saw it mined).")
    String proof;

    @Option(names = "--json", description = "Print the API's JSON.")
    boolean json;

    @Override
    public Integer call() {
        NodeHome nodeHome = home.resolve();
        Map<String, Object> body = new java.util.HashMap<>(Map.of("orderId", orderId, "rawTx", tx));
        if (proof != null) body.put("proof", proof);
        JsonNode license = ApiClient.forHome(nodeHome).post("market/payments", body, nodeHome, Duration.ofSeconds(70));
        if (json) {
            System.out.println(license);
            return 0;
        }
        System.out.println("licensed: " + license.path("listingId").asText() + " (txid " + license.path("txid").asText()
                + ", " + license.path("paidSats").asLong() + " sat)");
        return 0;
    }
}

package io.grapevine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.node.daemon.NodeHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code grapevine market pay ORDER [--tx HEX [--proof HEX]]}: asks the seller for the license of a paid order, with the
 * payment (raw tx, optional proof) or without it when the seller follows Bitcoin peers and finds it in their blocks.
 */
@Command(name = "pay", description = "Claim the license of a paid order: with the raw tx (and gettxoutproof), or with"
        + " neither when the seller follows Bitcoin peers and finds the payment itself.")
final class MarketPayCommand implements Callable<Integer> {
    @Mixin
    HomeOption home;

    @Parameters(index = "0", paramLabel = "ORDER_ID")
    String orderId;

    @Option(names = "--tx", paramLabel = "HEX", description = "The paying transaction (omit it to let the seller find"
            + " the payment in the blocks it follows).")
    String tx;

    @Option(names = "--proof", paramLabel = "HEX",
            description = "Its gettxoutproof (optional when the node's wallet saw it mined).")
    String proof;

    @Option(names = "--json", description = "Print the API's JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        NodeHome nodeHome = home.resolve();
        if (proof != null && tx == null) {
            throw new ParameterException(spec.commandLine(), "--proof needs --tx: the proof is of that transaction");
        }
        Map<String, Object> body = new java.util.HashMap<>(Map.of("orderId", orderId));
        if (tx != null) body.put("rawTx", tx);
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

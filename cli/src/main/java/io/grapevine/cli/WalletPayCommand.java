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

/**
 * {@code grapevine wallet pay ORDER}: signs the order's payment, which the node sends to its Bitcoin peers; prints the
 * txid, the raw transaction and whether it was sent.
 */
@Command(name = "pay", description = "Pay one of this node's orders from its wallet; prints the raw transaction.")
final class WalletPayCommand implements Callable<Integer> {
    @Mixin
    HomeOption home;

    @Parameters(index = "0", paramLabel = "ORDER_ID")
    String orderId;

    @Option(names = "--json", description = "Print the API's JSON.")
    boolean json;

    @Override
    public Integer call() {
        NodeHome nodeHome = home.resolve();
        JsonNode paid = ApiClient.forHome(nodeHome).post("wallet/pay", Map.of("orderId", orderId), nodeHome);
        if (json) {
            System.out.println(paid);
            return 0;
        }
        System.out.println("txid:  " + paid.path("txid").asText());
        System.out.println("rawTx: " + paid.path("rawTx").asText());
        System.out.println(paid.path("broadcast").asBoolean()
                ? "sent:  to " + paid.path("broadcastPeers").asInt() + " Bitcoin peer(s)"
                : "sent:  no (no Bitcoin peer ready; broadcast the raw transaction yourself)");
        return 0;
    }
}

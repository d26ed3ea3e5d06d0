package io.grapevine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.node.daemon.NodeHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code grapevine market orders}: purchases and sales as tables. */
@Command(name = "orders", description = "List this node's purchases and sales.")
final class MarketOrdersCommand implements Callable<Integer> {
    @Mixin
    HomeOption home;

    @Option(names = "--json", description = "Print the API's JSON.")
    boolean json;

    @Override
    public Integer call() {
        NodeHome nodeHome = home.resolve();
        JsonNode body = ApiClient.forHome(nodeHome).get("market/orders", nodeHome);
        if (json) {
            System.out.println(body);
            return 0;
        }
        System.out.print(Table.sections(body, List.of("purchases", "sales"),
                List.of("ORDER", "LISTING", "SATS", "ADDRESS", "EXPIRES"),
                List.of("orderId", "listingId", "amountSats", "address", "expiresAt")));
        return 0;
    }
}

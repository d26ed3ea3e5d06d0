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
        for (String kind : List.of("purchases", "sales")) {
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode o : body.path(kind)) {
                rows.add(List.of(o.path("orderId").asText(), o.path("listingId").asText(),
                        o.path("amountSats").asText(), o.path("address").asText(), o.path("expiresAt").asText()));
            }
            System.out.println(kind + ":");
            System.out.print(Table.render(List.of("ORDER", "LISTING", "SATS", "ADDRESS", "EXPIRES"), rows));
        }
        return 0;
    }
}

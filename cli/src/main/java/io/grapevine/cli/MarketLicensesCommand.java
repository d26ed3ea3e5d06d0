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

/** {@code grapevine market licenses}: licenses held and issued. */
@Command(name = "licenses", description = "List licenses this node holds and issued.")
final class MarketLicensesCommand implements Callable<Integer> {
    @Mixin
    HomeOption home;

    @Option(names = "--json", description = "Print the API's JSON.")
    boolean json;

    @Override
    public Integer call() {
        NodeHome nodeHome = home.resolve();
        JsonNode body = ApiClient.forHome(nodeHome).get("market/licenses", nodeHome);
        if (json) {
            System.out.println(body);
            return 0;
        }
        for (String kind : List.of("held", "issued")) {
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode l : body.path(kind)) {
                rows.add(List.of(l.path("listingId").asText(), l.path("orderId").asText(), l.path("buyer").asText(),
                        l.path("paidSats").asText(), l.path("txid").asText()));
            }
            System.out.println(kind + ":");
            System.out.print(Table.render(List.of("LISTING", "ORDER", "BUYER", "SATS", "TXID"), rows));
        }
        return 0;
    }
}

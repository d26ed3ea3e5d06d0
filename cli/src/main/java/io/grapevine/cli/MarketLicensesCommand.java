package io.grapevine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.node.daemon.NodeHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
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
        System.out.print(Table.sections(body, List.of("held", "issued"),
                List.of("LISTING", "ORDER", "BUYER", "SATS", "TXID"),
                List.of("listingId", "orderId", "buyer", "paidSats", "txid")));
        return 0;
    }
}

package io.grapevine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.node.daemon.NodeHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code grapevine market resellers [--add PEER --listing ID... [--commission BP] [--days N]]}: lists the delegations
 * this node signed as a seller, or signs a new one.
 */
@Command(name = "resellers", description = "List resellers, or delegate listings to one with --add.")
final class MarketResellersCommand implements Callable<Integer> {
    @Mixin
    HomeOption home;

    @Option(names = "--add", paramLabel = "PEER_ID", description = "Delegate to this peer.")
    String add;

    @Option(names = "--listing", paramLabel = "LISTING_ID", description = "A listing to delegate (repeatable).")
    List<String> listings = new ArrayList<>();

    @Option(names = "--commission", paramLabel = "BASIS_POINTS", description = "The reseller's commission (0..10000).")
    int commission;

    @Option(names = "--days", paramLabel = "N", description = "Valid for N days (default 30).")
    int days = 30;

    @Option(names = "--json", description = "Print the API's JSON.")
    boolean json;

    @Override
    public Integer call() {
        NodeHome nodeHome = home.resolve();
        ApiClient api = ApiClient.forHome(nodeHome);
        if (add != null) {
            Map<String, Object> body = new HashMap<>(Map.of("reseller", add, "listingIds", listings,
                    "commissionBasisPoints", commission, "days", days));
            JsonNode d = api.post("market/resellers", body, nodeHome);
            System.out.println(json ? d.toString() : "delegated " + d.path("listingIds") + " until "
                    + d.path("expiresAt").asText());
            return 0;
        }
        JsonNode body = api.get("market/resellers", nodeHome);
        if (json) {
            System.out.println(body);
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode d : body.path("resellers")) {
            rows.add(List.of(d.path("reseller").asText(), d.path("listingIds").toString(),
                    d.path("commissionBasisPoints").asText(), d.path("expiresAt").asText()));
        }
        System.out.print(Table.render(List.of("RESELLER KEY", "LISTINGS", "COMMISSION", "EXPIRES"), rows));
        return 0;
    }
}

package io.grapevine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.node.daemon.NodeHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code grapevine peers}: the running node's connected peers as a table. */
@Command(name = "peers", description = "List the running node's connected peers.")
final class PeersCommand implements Callable<Integer> {

    @Mixin
    HomeOption home;

    @Option(names = "--json", description = "Print the API's JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        NodeHome nodeHome = home.resolve();
        JsonNode body = ApiClient.forHome(nodeHome).get("peers", nodeHome);
        if (json) {
            System.out.println(body.toString());
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode peer : body.path("peers")) {
            JsonNode latency = peer.path("latencyMs");
            rows.add(List.of(peer.path("peerId").asText(), peer.path("direction").asText(),
                    peer.path("address").asText(), peer.path("agentVersion").asText(),
                    latency.isNumber() ? String.format(Locale.ROOT, "%.1f ms", latency.asDouble()) : "-"));
        }
        System.out.print(Table.render(List.of("PEER", "DIR", "ADDRESS", "AGENT", "LATENCY"), rows));
        System.out.println(rows.size() + (rows.size() == 1 ? " peer" : " peers"));
        return 0;
    }
}

package io.grapevine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.node.daemon.NodeHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** {@code grapevine status}: the running node's identity, uptime, addresses and peer count. */
@Command(name = "status", description = "Show the running node's status.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    HomeOption home;

    @Option(names = "--json", description = "Print the API's JSON instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        NodeHome nodeHome = home.resolve();
        JsonNode status = ApiClient.forHome(nodeHome).get("status", nodeHome);
        PrintStream out = System.out;
        if (json) {
            out.println(status.toString());
            return 0;
        }
        out.println("peer-id:   " + status.path("peerId").asText());
        out.println("agent:     " + status.path("agentVersion").asText());
        out.println("uptime:    " + Table.duration(status.path("uptimeSeconds").asLong()));
        out.println("peers:     " + status.path("connectedPeers").asInt());
        for (JsonNode address : status.path("listenAddresses")) out.println("listening: " + address.asText());
        return 0;
    }
}

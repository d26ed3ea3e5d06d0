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

/** {@code grapevine wallet [create|pay ORDER]}: the node's bitcoinj wallet; without a subcommand, its state. */
@Command(name = "wallet", description = "Show the node's wallet (network, receive address, balance).",
        subcommands = {WalletCreateCommand.class, WalletPayCommand.class})
final class WalletCommand implements Callable<Integer> {
    @Mixin
    HomeOption home;

    @Option(names = "--json", description = "Print the API's JSON.")
    boolean json;

    @Override
    public Integer call() {
        NodeHome nodeHome = home.resolve();
        print(ApiClient.forHome(nodeHome).get("wallet", nodeHome), json);
        return 0;
    }

    static void print(JsonNode w, boolean json) {
        if (json) {
            System.out.println(w);
            return;
        }
        System.out.println("network: " + w.path("network").asText());
        System.out.println("address: " + w.path("address").asText());
        System.out.println("balance: " + w.path("balanceSats").asLong() + " sat (estimated "
                + w.path("estimatedBalanceSats").asLong() + " sat)");
    }
}

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

/** {@code grapevine market ...}: buy paid listings and see orders and licenses, through the running node. */
@Command(name = "market", description = "Buy paid listings; list orders and licenses.",
        subcommands = {MarketBuyCommand.class, MarketPayCommand.class, MarketGetCommand.class,
                MarketOrdersCommand.class, MarketLicensesCommand.class, MarketResellersCommand.class,
                MarketResellCommand.class})
final class MarketCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("grapevine market: give a subcommand (buy, pay, get, orders, licenses, resellers, resell); see --help");
        return 2;
    }
}

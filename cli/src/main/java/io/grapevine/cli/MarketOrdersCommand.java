package io.grapevine.cli;

import picocli.CommandLine.Command;

import java.util.List;

/** {@code grapevine market orders}: purchases and sales as tables. */
@Command(name = "orders", description = "List this node's purchases and sales.")
final class MarketOrdersCommand extends TableSectionsCommand {
    MarketOrdersCommand() {
        super("market/orders", List.of("purchases", "sales"),
                List.of("ORDER", "LISTING", "SATS", "ADDRESS", "EXPIRES"),
                List.of("orderId", "listingId", "amountSats", "address", "expiresAt"));
    }
}

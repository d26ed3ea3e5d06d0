package io.grapevine.cli;

import picocli.CommandLine.Command;

import java.util.List;

/** {@code grapevine market licenses}: licenses held and issued. */
@Command(name = "licenses", description = "List licenses this node holds and issued.")
final class MarketLicensesCommand extends TableSectionsCommand {
    MarketLicensesCommand() {
        super("market/licenses", List.of("held", "issued"),
                List.of("LISTING", "ORDER", "BUYER", "SATS", "TXID"),
                List.of("listingId", "orderId", "buyer", "paidSats", "txid"));
    }
}

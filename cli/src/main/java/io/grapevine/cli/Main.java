package io.grapevine.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code grapevine} command. Subcommands start a node or talk to a running one. */
@Command(name = "grapevine",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Peer-to-peer file sharing with search, community blocklists and a Bitcoin marketplace.",
        subcommands = {InitCommand.class, NodeCommand.class, StatusCommand.class, PeersCommand.class,
                ShareCommand.class, GetCommand.class, DownloadsCommand.class, SearchCommand.class,
                BlocklistCommand.class, MarketCommand.class, WalletCommand.class,
                DemoCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        // `grapevine completion` prints a bash/zsh completion script: `source <(grapevine completion)`.
        cli.addSubcommand("completion", new AutoComplete.GenerateCompletion());
        cli.getSubcommands().get("completion").getCommandSpec().usageMessage().hidden(false);
        // One-line reasons, not stack traces, for a person at a terminal.
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("grapevine: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

package io.grapevine.cli;

import io.grapevine.cli.demo.DemoNetwork;
import io.grapevine.cli.demo.Walkthrough;
import ch.qos.logback.classic.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code grapevine demo}: a small network of real nodes on 127.0.0.1 in temporary homes, walked through share,
 * search, download, a blocklist vote and a paid purchase on an in-process regtest chain; then the nodes keep running with their web UIs until Ctrl-C, or stop at once with --exit.
 */
@Command(name = "demo", description = "Start a small network on 127.0.0.1 and walk through Grapevine's features.")
final class DemoCommand implements Callable<Integer> {
    static final List<String> NODES = List.of("alice", "bob", "carol");

    @Option(names = "--exit", description = "Stop the nodes and exit after the walk-through (exit code 0 if every step passed).")
    boolean exit;

    @Override
    public Integer call() throws Exception {
        quietLogs();
        PrintStream out = System.out;
        Path base = Files.createTempDirectory("grapevine-demo-");
        out.println("grapevine demo: " + NODES.size() + " nodes on 127.0.0.1, homes in " + base);
        DemoNetwork network = DemoNetwork.start(base, NODES);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdown = new Thread(() -> {
            try {
                network.close();
            } finally {
                stopped.countDown();
            }
        }, "grapevine-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        try {
            new Walkthrough(network, out).run();
        } catch (Walkthrough.DemoFailure e) {
            if (!exit) out.println("the nodes keep running for a look; Ctrl-C stops them");
            if (exit) stop(network, shutdown);
            throw e;
        }
        out.println("web UIs (each link logs the browser in):");
        for (DemoNetwork.Member member : network.members()) {
            out.printf("  %-6s %s%n", member.name(), member.node().api().webUrl());
        }
        if (exit) {
            stop(network, shutdown);
            out.println("stopped");
            return 0;
        }
        out.println("the nodes keep running; Ctrl-C stops them");
        out.flush();
        stopped.await();
        return 0;
    }

    /** Three nodes' INFO logs would bury the walk-through: warnings only, unless GRAPEVINE_LOG_LEVEL says otherwise. */
    private static void quietLogs() {
        if (System.getenv("GRAPEVINE_LOG_LEVEL") != null) return;
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(Level.WARN);
        }
    }

    private static void stop(DemoNetwork network, Thread shutdown) {
        Runtime.getRuntime().removeShutdownHook(shutdown);
        network.close();
    }
}

package io.grapevine.cli;

import io.grapevine.node.api.ApiBinding;
import io.grapevine.node.daemon.GrapevineNode;
import io.grapevine.node.multiformats.Multiaddr;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Runs the daemon in the foreground until SIGTERM or Ctrl-C. */
@Command(name = "node", description = "Run a Grapevine node in the foreground (creates the identity if needed).")
final class NodeCommand implements Callable<Integer> {

    @Mixin
    HomeOption home;

    @Option(names = "--listen", paramLabel = "MULTIADDR",
            description = "Address to listen on, repeatable (default from config: /ip4/0.0.0.0/tcp/4001; port 0 picks a free one).")
    List<String> listen = new ArrayList<>();

    @Option(names = "--bootstrap", paramLabel = "MULTIADDR",
            description = "Peer to connect to at start and keep connected, with /p2p/<peer-id>; repeatable.")
    List<String> bootstrap = new ArrayList<>();

    @Option(names = "--topic", paramLabel = "TOPIC",
            description = "Extra gossip topic to subscribe to and relay, repeatable.")
    List<String> topics = new ArrayList<>();

    @Option(names = "--api", paramLabel = "HOST:PORT",
            description = "Where the HTTP API listens (default: 127.0.0.1:0, a free port; clients find it in the home folder).")
    String api = ApiBinding.DEFAULT_HOST + ":0";

    @Option(names = "--api-allow-remote",
            description = "Allow --api on a non-loopback address (anyone who has the token then controls the node).")
    boolean apiAllowRemote;

    @Override
    public Integer call() throws Exception {
        ApiBinding binding = ApiBinding.parse(api, apiAllowRemote);
        if (!ApiBinding.isLoopback(binding.host())) {
            System.err.println("grapevine: warning: the HTTP API on " + binding.host()
                    + " is reachable from the network; keep the api-token file secret");
        }
        GrapevineNode node = GrapevineNode.start(home.resolve(),
                new GrapevineNode.Options(listen, bootstrap, topics, binding));
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM and Ctrl-C run shutdown hooks: close the node there, then let main return.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } finally {
                stopped.countDown();
            }
        }, "grapevine-shutdown"));

        PrintStream out = System.out;
        out.println("peer-id: " + node.peerId());
        for (Multiaddr address : node.listenAddresses()) out.println("listening: " + address);
        out.println("api: " + node.api().url());
        out.println("web: " + node.api().webUrl());
        out.println("ready");
        out.flush();
        stopped.await();
        return 0;
    }
}

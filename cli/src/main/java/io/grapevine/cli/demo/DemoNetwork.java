package io.grapevine.cli.demo;

import io.grapevine.cli.ApiClient;
import io.grapevine.node.api.ApiBinding;
import io.grapevine.node.daemon.GrapevineNode;
import io.grapevine.node.daemon.NodeHome;
import io.grapevine.node.market.MarketSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Real nodes on 127.0.0.1 in temporary homes, in a line: each one bootstraps from the one before it, so the first and
 * the last only meet through gossip and whatever they learn from each other. Their market runs on a regtest chain
 * mined in this process ({@link DemoChain}), so a purchase needs only {@link #CONFIRMATIONS} blocks.
 */
public final class DemoNetwork implements AutoCloseable {
    static final int CONFIRMATIONS = 2;

    /** One node of the demo, and the API client a person's CLI would use for it. */
    public record Member(String name, GrapevineNode node, NodeHome home, ApiClient api) {
        public String address() { return node.listenAddresses().get(0).toString(); }
    }

    private final Path base;
    private final List<Member> members;
    private final DemoChain chain;

    private DemoNetwork(Path base, List<Member> members, DemoChain chain) {
        this.base = base;
        this.members = List.copyOf(members);
        this.chain = chain;
    }

    public static DemoNetwork start(Path base, List<String> names) throws IOException {
        List<Member> started = new ArrayList<>();
        try {
            for (String name : names) {
                List<String> bootstrap = started.isEmpty() ? List.of() : List.of(started.getLast().address());
                NodeHome home = new NodeHome(Files.createDirectories(base.resolve(name)));
                new MarketSettings("regtest", CONFIRMATIONS).save(home.dir());
                GrapevineNode node = GrapevineNode.start(home, new GrapevineNode.Options(
                        List.of("/ip4/127.0.0.1/tcp/0"), bootstrap, List.of(), ApiBinding.loopback()));
                started.add(new Member(name, node, home, ApiClient.forHome(home)));
            }
        } catch (IOException | RuntimeException e) {
            for (int i = started.size() - 1; i >= 0; i--) started.get(i).node().close();
            throw e;
        }
        return new DemoNetwork(base, started, new DemoChain());
    }

    DemoChain chain() { return chain; }

    public Path base() { return base; }
    public List<Member> members() { return members; }

    public Member member(String name) {
        return members.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no demo node " + name));
    }

    /** Stops the nodes, newest first, drops the regtest chain and removes their homes. */
    @Override
    public void close() {
        for (int i = members.size() - 1; i >= 0; i--) members.get(i).node().close();
        chain.close();
        try (Stream<Path> paths = Files.walk(base)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(path);
        } catch (IOException e) {
            System.err.println("grapevine: could not remove " + base + ": " + e.getMessage());
        }
    }
}

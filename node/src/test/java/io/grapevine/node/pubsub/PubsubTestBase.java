package io.grapevine.node.pubsub;

import static org.awaitility.Awaitility.await;

import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.p2p.host.HostConfig;
import io.grapevine.node.pubsub.gossipsub.GossipsubParams;
import io.grapevine.node.pubsub.gossipsub.GossipsubRouter;
import io.grapevine.node.pubsub.rpc.proto.RPC;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;

/** Real hosts on 127.0.0.1, each with a Pubsub service; closed after each test. */
abstract class PubsubTestBase {
    static final String TOPIC = "grapevine/test";
    static final Duration WAIT = Duration.ofSeconds(20);

    final List<Host> hosts = new ArrayList<>();
    final List<Pubsub> services = new ArrayList<>();
    final Map<GossipsubRouter, List<String>> received = new ConcurrentHashMap<>();
    final List<RawPubsubPeer> raws = new ArrayList<>();

    @AfterEach
    void close() {
        raws.forEach(RawPubsubPeer::close);
        services.forEach(Pubsub::close);
        hosts.forEach(Host::close);
    }

    /** A raw peer connected to {@code target} and subscribed to {@link #TOPIC}, once {@code target} has seen that. */
    RawPubsubPeer subscribedRaw(GossipsubRouter target) throws Exception {
        RawPubsubPeer raw = new RawPubsubPeer();
        raws.add(raw);
        raw.open(hostOf(target));
        raw.send(RPC.newBuilder().addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(true).setTopicid(TOPIC))
                .build());
        await().atMost(WAIT).until(() -> target.peers(TOPIC).contains(raw.peerId()));
        return raw;
    }

    static GossipsubParams.Builder fast() {
        return GossipsubParams.builder().heartbeat(Duration.ofMillis(50), Duration.ofMillis(200));
    }

    Host host() throws Exception {
        Host host = new Host(HostConfig.builder(Ed25519PrivateKey.generate())
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                .ioThreads(1)
                .ping(Duration.ZERO, 3)
                .build());
        hosts.add(host);
        host.start();
        return host;
    }

    GossipsubRouter node(GossipsubParams params) throws Exception {
        return node(host(), params);
    }

    GossipsubRouter node(Host host, GossipsubParams params) {
        Pubsub pubsub = new Pubsub(host, params).start();
        services.add(pubsub);
        return pubsub.router();
    }

    GossipsubRouter subscribed(GossipsubParams params) throws Exception {
        GossipsubRouter router = node(params);
        subscribe(router);
        return router;
    }

    void subscribe(GossipsubRouter router) {
        List<String> inbox = received.computeIfAbsent(router, r -> new CopyOnWriteArrayList<>());
        router.subscribe(TOPIC, m -> inbox.add(new String(m.data(), StandardCharsets.UTF_8)));
    }

    Host hostOf(GossipsubRouter router) {
        return hosts.stream().filter(h -> h.peerId().equals(router.localPeer())).findFirst().orElseThrow();
    }

    void connect(GossipsubRouter a, GossipsubRouter b) throws Exception {
        hostOf(a).dial(hostOf(b).listenAddresses().getFirst()).get(10, TimeUnit.SECONDS);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

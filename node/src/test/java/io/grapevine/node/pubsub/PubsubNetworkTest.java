package io.grapevine.node.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.p2p.host.HostConfig;
import io.grapevine.node.pubsub.gossipsub.GossipsubParams;
import io.grapevine.node.pubsub.gossipsub.GossipsubRouter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real hosts on 127.0.0.1 running the router end to end. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PubsubNetworkTest {
    static final String TOPIC = "grapevine/test";
    static final Duration WAIT = Duration.ofSeconds(20);

    final List<Host> hosts = new ArrayList<>();
    final List<Pubsub> services = new ArrayList<>();
    final Map<GossipsubRouter, List<String>> received = new ConcurrentHashMap<>();

    @AfterEach
    void close() {
        services.forEach(Pubsub::close);
        hosts.forEach(Host::close);
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
        Pubsub pubsub = new Pubsub(host(), params).start();
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

    @Test
    void everyMessageReachesEverySubscriber() throws Exception {
        List<GossipsubRouter> nodes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            nodes.add(subscribed(fast().build()));
        }
        // A ring plus two chords: every node has 2 to 3 peers, none is connected to all.
        for (int i = 0; i < nodes.size(); i++) {
            connect(nodes.get(i), nodes.get((i + 1) % nodes.size()));
        }
        connect(nodes.get(0), nodes.get(3));
        connect(nodes.get(1), nodes.get(4));
        for (GossipsubRouter n : nodes) {
            await().atMost(WAIT).until(() -> !n.mesh(TOPIC).isEmpty());
        }
        for (int i = 0; i < nodes.size(); i++) {
            for (int k = 0; k < 3; k++) {
                nodes.get(i).publish(TOPIC, utf8("m" + i + "-" + k)).get(5, TimeUnit.SECONDS);
            }
        }
        for (int i = 0; i < nodes.size(); i++) {
            List<String> expected = new ArrayList<>();
            for (int j = 0; j < nodes.size(); j++) {
                for (int k = 0; k < 3; k++) {
                    if (j != i) {
                        expected.add("m" + j + "-" + k);
                    }
                }
            }
            List<String> inbox = received.get(nodes.get(i));
            await().atMost(WAIT).untilAsserted(() -> assertThat(inbox).containsExactlyInAnyOrderElementsOf(expected));
        }
    }

    @Test
    void chainRelaysBothWays() throws Exception {
        GossipsubRouter a = subscribed(fast().build());
        GossipsubRouter b = subscribed(fast().build());
        GossipsubRouter c = subscribed(fast().build());
        connect(a, b);
        connect(b, c);
        await().atMost(WAIT).until(() -> b.mesh(TOPIC).size() == 2 && a.mesh(TOPIC).size() == 1
                && c.mesh(TOPIC).size() == 1);
        a.publish(TOPIC, utf8("from a")).get(5, TimeUnit.SECONDS);
        c.publish(TOPIC, utf8("from c")).get(5, TimeUnit.SECONDS);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(received.get(c)).containsExactly("from a");
            assertThat(received.get(a)).containsExactly("from c");
            assertThat(received.get(b)).containsExactlyInAnyOrder("from a", "from c");
        });
    }

    @Test
    void publishingToATopicWeAreNotInUsesFanout() throws Exception {
        GossipsubRouter a = node(fast().build());
        GossipsubRouter b = subscribed(fast().build());
        connect(a, b);
        await().atMost(WAIT).until(() -> a.peers(TOPIC).contains(b.localPeer()));
        assertThat(a.publish(TOPIC, utf8("fanout")).get(5, TimeUnit.SECONDS)).isEqualTo(1);
        await().atMost(WAIT).untilAsserted(() -> assertThat(received.get(b)).containsExactly("fanout"));
    }

    @Test
    void rejectedMessagesAreNotRelayed() throws Exception {
        GossipsubRouter a = subscribed(fast().build());
        GossipsubRouter b = subscribed(fast().build());
        GossipsubRouter c = subscribed(fast().build());
        b.addValidator(TOPIC, m -> new String(m.data(), StandardCharsets.UTF_8).startsWith("bad")
                ? ValidationResult.REJECT : ValidationResult.ACCEPT);
        connect(a, b);
        connect(b, c);
        await().atMost(WAIT).until(() -> b.mesh(TOPIC).size() == 2);
        a.publish(TOPIC, utf8("bad 1")).get(5, TimeUnit.SECONDS);
        a.publish(TOPIC, utf8("good 1")).get(5, TimeUnit.SECONDS);
        // B relays over one ordered stream, so "bad 1" would have reached C before "good 1".
        await().atMost(WAIT).untilAsserted(() -> assertThat(received.get(c)).contains("good 1"));
        assertThat(received.get(c)).containsExactly("good 1");
        assertThat(received.get(b)).containsExactly("good 1");
        assertThat(b.stats().rejected()).isEqualTo(1);
        // Gossip must not resurrect it either: IHAVE only lists accepted messages.
        Thread.sleep(1000);
        assertThat(received.get(c)).containsExactly("good 1");
    }

    @Test
    void ownValidatorRejectFailsThePublish() throws Exception {
        GossipsubRouter a = subscribed(fast().build());
        a.addValidator(TOPIC, m -> ValidationResult.REJECT);
        assertThat(a.publish(TOPIC, utf8("x"))).failsWithin(Duration.ofSeconds(5));
    }

    @Test
    void meshSizesConvergeWithinBounds() throws Exception {
        GossipsubParams params = fast().degree(3, 2, 4).dout(1).build();
        List<GossipsubRouter> nodes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            nodes.add(subscribed(params));
        }
        for (int i = 0; i < nodes.size(); i++) {
            for (int j = i + 1; j < nodes.size(); j++) {
                connect(nodes.get(i), nodes.get(j));
            }
        }
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            for (GossipsubRouter n : nodes) {
                Set<io.grapevine.node.identity.PeerId> m = n.mesh(TOPIC);
                assertThat(m.size()).isBetween(2, 4);
                // GRAFT and PRUNE keep meshes symmetric.
                for (GossipsubRouter other : nodes) {
                    if (m.contains(other.localPeer())) {
                        assertThat(other.mesh(TOPIC)).contains(n.localPeer());
                    }
                }
            }
        });
        // And messages still reach everyone through the trimmed meshes.
        nodes.getFirst().publish(TOPIC, utf8("after convergence")).get(5, TimeUnit.SECONDS);
        for (GossipsubRouter n : nodes.subList(1, nodes.size())) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(received.get(n)).contains("after convergence"));
        }
    }

    @Test
    void unsubscribeLeavesTheMeshAndStopsDelivery() throws Exception {
        GossipsubRouter a = subscribed(fast().build());
        GossipsubRouter b = subscribed(fast().build());
        connect(a, b);
        await().atMost(WAIT).until(() -> a.mesh(TOPIC).size() == 1 && b.mesh(TOPIC).size() == 1);
        b.unsubscribe(TOPIC);
        await().atMost(WAIT).until(() -> a.mesh(TOPIC).isEmpty() && a.peers(TOPIC).isEmpty());
        assertThat(a.publish(TOPIC, utf8("nobody")).get(5, TimeUnit.SECONDS)).isZero();
        assertThat(b.topics()).isEmpty();
    }
}

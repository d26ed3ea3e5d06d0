package io.grapevine.node.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grapevine.node.pubsub.gossipsub.GossipsubParams;
import io.grapevine.node.pubsub.gossipsub.GossipsubRouter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real hosts on 127.0.0.1 running the router end to end. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PubsubNetworkTest extends PubsubTestBase {
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
        // Ten fully connected nodes with D=3 prune a lot; with the 1-minute default backoff a node can find every
        // peer backing off and wait a minute below Dlo, so the test shortens it.
        GossipsubParams params = fast().degree(3, 2, 4).dout(1)
                .pruneBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)).build();
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

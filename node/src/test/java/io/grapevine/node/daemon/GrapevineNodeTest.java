package io.grapevine.node.daemon;

import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.p2p.host.HostConfig;
import io.grapevine.node.pubsub.Pubsub;
import io.grapevine.node.pubsub.gossipsub.GossipsubParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@Timeout(value = 90, unit = TimeUnit.SECONDS)
class GrapevineNodeTest {
    private static final String TOPIC = "interop/relay";

    @TempDir
    Path tmp;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    private GrapevineNode node(String name, List<String> topics) throws Exception {
        GrapevineNode node = GrapevineNode.start(new NodeHome(tmp.resolve(name)),
                new GrapevineNode.Options(List.of("/ip4/127.0.0.1/tcp/0"), List.of(), topics));
        open.add(node);
        return node;
    }

    private Pubsub gossiper(List<String> inbox) throws Exception {
        Host host = new Host(HostConfig.builder(Ed25519PrivateKey.generate())
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).build());
        host.start();
        open.add(host);
        Pubsub pubsub = new Pubsub(host, GossipsubParams.defaults()).start();
        open.add(pubsub);
        pubsub.router().subscribe(TOPIC, m -> inbox.add(new String(m.data(), StandardCharsets.UTF_8)));
        return pubsub;
    }

    @Test
    void aNodeSubscribedWithTopicRelaysBetweenPeersThatOnlyKnowIt() throws Exception {
        GrapevineNode relay = node("relay", List.of(TOPIC));
        List<String> leftInbox = new CopyOnWriteArrayList<>();
        List<String> rightInbox = new CopyOnWriteArrayList<>();
        Pubsub left = gossiper(leftInbox);
        Pubsub right = gossiper(rightInbox);
        Multiaddr relayAddress = relay.listenAddresses().getFirst();
        hostOf(left).dial(relayAddress).get(10, TimeUnit.SECONDS);
        hostOf(right).dial(relayAddress).get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(20)).until(() -> relay.pubsub().router().mesh(TOPIC).size() == 2);

        left.router().publish(TOPIC, "from left".getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
        right.router().publish(TOPIC, "from right".getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(rightInbox).containsExactly("from left");
            assertThat(leftInbox).containsExactly("from right");
        });
    }

    @Test
    void aRestartedNodeKeepsItsIdentityAndRemembersPeers() throws Exception {
        GrapevineNode first = node("a", List.of());
        GrapevineNode other = node("b", List.of());
        first.host().dial(other.listenAddresses().getFirst()).get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> first.host().peerStore().get(other.peerId()).isPresent());
        assertThat(Files.readString(tmp.resolve("a").resolve("api")).trim()).isEqualTo(first.api().url());
        first.close();
        open.remove(first);
        assertThat(tmp.resolve("a").resolve("api")).as("removed on clean shutdown").doesNotExist();
        assertThat(tmp.resolve("a").resolve("api-token")).doesNotExist();
        assertThat(tmp.resolve("a").resolve("peers.json")).exists();
        assertThat(Files.readString(tmp.resolve("a").resolve("peers.json"))).contains(other.peerId().toString());

        GrapevineNode again = node("a", List.of());
        assertThat(again.peerId()).isEqualTo(first.peerId());
        await().atMost(Duration.ofSeconds(20)).until(() -> again.host().connection(other.peerId()).isPresent());
    }

    @Test
    void refusesABootstrapAddressWithoutPeerId() {
        assertThatThrownBy(() -> GrapevineNode.start(new NodeHome(tmp.resolve("c")), new GrapevineNode.Options(
                List.of("/ip4/127.0.0.1/tcp/0"), List.of("/ip4/127.0.0.1/tcp/4001"), List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/p2p/");
    }

    private Host hostOf(Pubsub pubsub) {
        return open.stream().filter(c -> c instanceof Host h && h.peerId().equals(pubsub.router().localPeer()))
                .map(Host.class::cast).findFirst().orElseThrow();
    }
}

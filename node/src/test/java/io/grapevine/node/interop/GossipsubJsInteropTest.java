package io.grapevine.node.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grapevine.node.identity.PeerId;
import io.grapevine.node.pubsub.Pubsub;
import io.grapevine.node.pubsub.gossipsub.GossipsubParams;
import io.grapevine.node.pubsub.gossipsub.GossipsubRouter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Grapevine's gossipsub against js-libp2p's (@chainsafe/libp2p-gossipsub) on 127.0.0.1, in a chain
 * js1 — Grapevine — js2 where Grapevine is the only link, so every js-to-js message is relayed by our router.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class GossipsubJsInteropTest {
    private static final String TOPIC = "grapevine/interop";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Closer closing = new Closer();
    private final List<String> grapevineInbox = new CopyOnWriteArrayList<>();
    private GossipsubRouter router;
    private JsLibp2pPeer js1;
    private JsLibp2pPeer js2;

    @AfterEach
    void stop() {
        closing.close();
    }

    private void chain(Map<String, String> jsEnvironment) throws Exception {
        GrapevinePeer grapevine = GrapevinePeer.start();
        closing.add(grapevine);
        Pubsub pubsub = new Pubsub(grapevine.host(), GossipsubParams.builder()
                .heartbeat(Duration.ofMillis(100), Duration.ofMillis(200)).build()).start();
        closing.add(pubsub);
        router = pubsub.router();
        js1 = JsLibp2pPeer.start(jsEnvironment);
        closing.add(js1);
        js2 = JsLibp2pPeer.start(jsEnvironment);
        closing.add(js2);

        router.subscribe(TOPIC, m -> grapevineInbox.add(new String(m.data(), StandardCharsets.UTF_8)));
        js1.subscribe(TOPIC);
        js2.subscribe(TOPIC);
        js1.dial(grapevine.addr());
        grapevine.dial(js2.addrs().getFirst());

        String g = grapevine.peerId().toBase58();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() ->
                router.mesh(TOPIC).containsAll(List.of(PeerId.parse(js1.peerId()), PeerId.parse(js2.peerId())))
                        && js1.gossipsub(TOPIC).mesh().contains(g) && js2.gossipsub(TOPIC).mesh().contains(g));
    }

    private static List<String> texts(List<JsLibp2pPeer.PubsubMessage> messages) {
        return messages.stream().map(m -> new String(m.data(), StandardCharsets.UTF_8)).toList();
    }

    private void relaysEveryWay() {
        js1.publish(TOPIC, "from js1".getBytes(StandardCharsets.UTF_8));
        js2.publish(TOPIC, "from js2".getBytes(StandardCharsets.UTF_8));
        router.publish(TOPIC, "from grapevine".getBytes(StandardCharsets.UTF_8)).join();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(grapevineInbox).containsExactlyInAnyOrder("from js1", "from js2");
            assertThat(texts(js1.received(TOPIC))).containsExactlyInAnyOrder("from js2", "from grapevine");
            assertThat(texts(js2.received(TOPIC))).containsExactlyInAnyOrder("from js1", "from grapevine");
        });
        // Authorship survives the relay: js verified our signature and theirs.
        assertThat(js2.received(TOPIC)).anySatisfy(m -> assertThat(m.from()).isEqualTo(js1.peerId()));
        assertThat(js1.received(TOPIC)).anySatisfy(m -> assertThat(m.from())
                .isEqualTo(router.localPeer().toBase58()));
    }

    @Test
    void chainRelaysOnMeshsub12() throws Exception {
        chain(Map.of());
        assertThat(js1.gossipsub(TOPIC).protocols()).contains("/meshsub/1.2.0");
        relaysEveryWay();
    }

    @Test
    void chainRelaysWithJsRestrictedToMeshsub11() throws Exception {
        chain(Map.of("GOSSIPSUB_PROTOCOLS", "/meshsub/1.1.0"));
        assertThat(js1.gossipsub(TOPIC).protocols()).containsExactly("/meshsub/1.1.0");
        relaysEveryWay();
    }

    @Test
    void manyMessagesBothWaysArriveOnceEach() throws Exception {
        chain(Map.of());
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String text = "bulk " + i;
            expected.add(text);
            if (i % 2 == 0) {
                js1.publish(TOPIC, text.getBytes(StandardCharsets.UTF_8));
            } else {
                router.publish(TOPIC, text.getBytes(StandardCharsets.UTF_8));
            }
        }
        await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(texts(js2.received(TOPIC))).containsExactlyInAnyOrderElementsOf(expected));
    }

    /**
     * js's message ids differ from ours (docs/pubsub.md); gossip still works because an IWANT names the ids the
     * IHAVE gave. Grapevine keeps one js peer in its mesh and prunes the other, then publishes without flooding:
     * the pruned peer, connected only to Grapevine, can get the message only by IHAVE and IWANT.
     */
    @Test
    void prunedJsPeerGetsOurMessageThroughIHaveAndIWant() throws Exception {
        GrapevinePeer grapevine = GrapevinePeer.start();
        closing.add(grapevine);
        Pubsub pubsub = new Pubsub(grapevine.host(), GossipsubParams.builder()
                .heartbeat(Duration.ofMillis(100), Duration.ofMillis(200))
                .degree(1, 1, 1).dout(0).floodPublish(false).build()).start();
        closing.add(pubsub);
        router = pubsub.router();
        js1 = JsLibp2pPeer.start();
        closing.add(js1);
        js2 = JsLibp2pPeer.start();
        closing.add(js2);
        router.subscribe(TOPIC, m -> grapevineInbox.add(new String(m.data(), StandardCharsets.UTF_8)));
        js1.subscribe(TOPIC);
        js2.subscribe(TOPIC);
        js1.dial(grapevine.addr());
        js2.dial(grapevine.addr());
        String g = grapevine.peerId().toBase58();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> router.mesh(TOPIC).size() == 1
                && router.peers(TOPIC).size() == 2
                && (js1.gossipsub(TOPIC).mesh().contains(g) != js2.gossipsub(TOPIC).mesh().contains(g)));
        JsLibp2pPeer pruned = js1.gossipsub(TOPIC).mesh().contains(g) ? js2 : js1;
        assertThat(router.mesh(TOPIC)).doesNotContain(PeerId.parse(pruned.peerId()));

        router.publish(TOPIC, "gossiped".getBytes(StandardCharsets.UTF_8)).join();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(texts(pruned.received(TOPIC))).containsExactly("gossiped"));
        assertThat(router.mesh(TOPIC)).doesNotContain(PeerId.parse(pruned.peerId()));
        assertThat(pruned.connections()).extracting(JsLibp2pPeer.ConnectionInfo::peer).containsOnly(g);
    }
}

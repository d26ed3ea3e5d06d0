package io.grapevine.node.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grapevine.node.pubsub.gossipsub.GossipsubRouter;
import io.grapevine.node.pubsub.gossipsub.PubsubMetrics;
import io.grapevine.node.pubsub.rpc.proto.Message;
import io.grapevine.node.pubsub.rpc.proto.RPC;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The metrics hooks move with real traffic between real hosts. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PubsubMetricsTest extends PubsubTestBase {

    /** Counts each hook by name and topic, e.g. {@code "delivered grapevine/test"}. */
    static final class Counting implements PubsubMetrics {
        final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
        volatile int lastMesh = -1;
        volatile int lastSubscribed = -1;
        volatile int lastPeers = -1;

        private void add(String name, String topic, long n) {
            counts.computeIfAbsent(name + " " + topic, k -> new AtomicLong()).addAndGet(n);
        }

        long get(String name, String topic) {
            AtomicLong c = counts.get(name + " " + topic);
            return c == null ? 0 : c.get();
        }

        @Override public void messageReceived(String topic) { add("received", topic, 1); }
        @Override public void messageDuplicate(String topic) { add("duplicate", topic, 1); }
        @Override public void messageRejected(String topic, RejectReason reason) { add("rejected-" + reason, topic, 1); }
        @Override public void messageIgnored(String topic) { add("ignored", topic, 1); }
        @Override public void messageDelivered(String topic) { add("delivered", topic, 1); }
        @Override public void messagePublished(String topic) { add("published", topic, 1); }
        @Override public void messagesSent(String topic, int copies) { add("sent", topic, copies); }

        @Override
        public void topicPeers(String topic, int meshPeers, int subscribedPeers) {
            if (TOPIC.equals(topic)) {
                lastMesh = meshPeers;
                lastSubscribed = subscribedPeers;
            }
        }

        @Override public void peers(int connected) { lastPeers = connected; }
    }

    @Test
    void publishDeliveryAndMeshMoveTheCounters() throws Exception {
        GossipsubRouter a = subscribed(fast().build());
        GossipsubRouter b = subscribed(fast().build());
        Counting ma = new Counting();
        Counting mb = new Counting();
        a.setMetrics(ma);
        b.setMetrics(mb);
        connect(a, b);
        await().atMost(WAIT).until(() -> a.mesh(TOPIC).contains(b.localPeer()));
        a.publish(TOPIC, utf8("one")).get(10, TimeUnit.SECONDS);
        a.publish(TOPIC, utf8("two")).get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> mb.get("delivered", TOPIC) == 2);
        assertThat(ma.get("published", TOPIC)).isEqualTo(2);
        assertThat(ma.get("sent", TOPIC)).isEqualTo(2);
        assertThat(mb.get("received", TOPIC)).isEqualTo(2);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(mb.lastMesh).isEqualTo(1);
            assertThat(mb.lastSubscribed).isEqualTo(1);
            assertThat(mb.lastPeers).isEqualTo(1);
        });
    }

    @Test
    void duplicatesRejectionsAndIgnoresAreCountedByTopic() throws Exception {
        GossipsubRouter target = subscribed(fast().build());
        Counting m = new Counting();
        target.setMetrics(m);
        target.addValidator(TOPIC, msg -> switch (msg.data()[0]) {
            case 'r' -> ValidationResult.REJECT;
            case 'i' -> ValidationResult.IGNORE;
            default -> ValidationResult.ACCEPT;
        });
        RawPubsubPeer raw = new RawPubsubPeer();
        try {
            raw.open(hostOf(target));
            Message good = MessageSigning.sign(raw.key, TOPIC, utf8("good"), 1);
            Message forged = MessageSigning.sign(raw.key, TOPIC, utf8("x"), 2).toBuilder()
                    .setData(ByteString.copyFromUtf8("forged")).build();
            raw.send(RPC.newBuilder()
                    .addPublish(good).addPublish(good)
                    .addPublish(forged)
                    .addPublish(MessageSigning.sign(raw.key, TOPIC, utf8("reject"), 3))
                    .addPublish(MessageSigning.sign(raw.key, TOPIC, utf8("ignore"), 4))
                    .addPublish(MessageSigning.sign(raw.key, "some/other/topic", utf8("elsewhere"), 5))
                    .build());
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(m.get("received", TOPIC)).isEqualTo(5);
                assertThat(m.get("received", null)).isEqualTo(1);
                assertThat(m.get("duplicate", TOPIC)).isEqualTo(1);
                assertThat(m.get("rejected-SIGNATURE", TOPIC)).isEqualTo(1);
                assertThat(m.get("rejected-VALIDATOR", TOPIC)).isEqualTo(1);
                assertThat(m.get("ignored", TOPIC)).isEqualTo(1);
                assertThat(m.get("ignored", null)).isEqualTo(1);
                assertThat(m.get("delivered", TOPIC)).isEqualTo(1);
            });
            assertThat(m.counts.keySet()).noneMatch(k -> k.contains("some/other/topic"));
        } finally {
            raw.close();
        }
    }
}

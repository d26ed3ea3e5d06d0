package io.grapevine.node.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grapevine.node.pubsub.gossipsub.GossipsubRouter;
import io.grapevine.node.pubsub.rpc.proto.ControlGraft;
import io.grapevine.node.pubsub.rpc.proto.ControlMessage;
import io.grapevine.node.pubsub.rpc.proto.RPC;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RPCs queued for a peer at the same time leave as one: a burst of publishes reaches a hand-driven peer complete,
 * each message once, in fewer RPCs than messages, and the in-flight count goes back down (later sends still go out).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SendMergingTest extends PubsubTestBase {
    private static final int BURST = 500;

    @Test
    void aBurstArrivesCompleteInMergedRpcs() throws Exception {
        GossipsubRouter source = node(fast().maxSendQueue(BURST).build());
        subscribe(source);
        try (RawPubsubPeer raw = new RawPubsubPeer()) {
            raw.open(hostOf(source));
            raw.send(RPC.newBuilder().addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(true).setTopicid(TOPIC))
                    .setControl(ControlMessage.newBuilder().addGraft(ControlGraft.newBuilder().setTopicID(TOPIC)))
                    .build());
            await().atMost(WAIT).until(() -> source.mesh(TOPIC).contains(raw.peerId()));
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < BURST; i++) {
                    source.publish(TOPIC, utf8("m" + round + "-" + i));
                }
                int expected = (round + 1) * BURST;
                await().atMost(WAIT).until(() -> messages(raw) == expected);
            }
            assertThat(raw.received.stream().flatMap(r -> r.getPublishList().stream())
                    .map(m -> m.getData().toStringUtf8()).distinct().count()).isEqualTo(2L * BURST);
            assertThat(raw.received.stream().filter(r -> r.getPublishCount() > 0).count()).isLessThan(2L * BURST);
            assertThat(source.stats().droppedSends()).isZero();
        }
    }

    private static long messages(RawPubsubPeer raw) {
        return raw.received.stream().mapToLong(RPC::getPublishCount).sum();
    }
}

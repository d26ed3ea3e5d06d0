package io.grapevine.node.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.pubsub.gossipsub.GossipsubParams;
import io.grapevine.node.pubsub.gossipsub.GossipsubRouter;
import io.grapevine.node.pubsub.rpc.proto.ControlGraft;
import io.grapevine.node.pubsub.rpc.proto.ControlMessage;
import io.grapevine.node.pubsub.rpc.proto.RPC;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Explicit peering agreements (gossipsub v1.1): connected and forwarded to, outside the mesh. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DirectPeersTest extends PubsubTestBase {

    private static GossipsubParams direct(Host other) {
        return fast().directPeers(List.of(other.listenAddresses().getFirst()), Duration.ofMillis(300)).build();
    }

    @Test
    void directPeersConnectStayOutOfTheMeshAndStillExchangeMessages() throws Exception {
        Host hostA = host();
        Host hostB = host();
        GossipsubRouter a = node(hostA, direct(hostB));
        GossipsubRouter b = node(hostB, direct(hostA));
        subscribe(a);
        subscribe(b);
        await().atMost(WAIT).until(() -> a.peers(TOPIC).contains(b.localPeer()) && b.peers(TOPIC).contains(a.localPeer()));
        Thread.sleep(600); // three heartbeats, which would have grafted any other peer
        assertThat(a.mesh(TOPIC)).isEmpty();
        assertThat(b.mesh(TOPIC)).isEmpty();
        a.publish(TOPIC, utf8("a to b")).get(5, TimeUnit.SECONDS);
        await().atMost(WAIT).untilAsserted(() -> assertThat(received.get(b)).containsExactly("a to b"));

        // Lost connectivity is restored by the periodic check.
        hostA.connection(hostB.peerId()).orElseThrow().close().get(5, TimeUnit.SECONDS);
        // b sends only to peers it knows are subscribed: wait until each side has the other's subscription again.
        await().atMost(WAIT).until(() -> hostA.connection(hostB.peerId()).isPresent()
                && a.peers(TOPIC).contains(b.localPeer()) && b.peers(TOPIC).contains(a.localPeer()));
        b.publish(TOPIC, utf8("b to a")).get(5, TimeUnit.SECONDS);
        await().atMost(WAIT).untilAsserted(() -> assertThat(received.get(a)).containsExactly("b to a"));
    }

    @Test
    void relayedMessagesReachADirectPeerAndItsGraftIsRefused() throws Exception {
        RawPubsubPeer raw = new RawPubsubPeer();
        try {
            Host relayHost = host();
            GossipsubRouter relay = node(relayHost, direct(raw.host));
            subscribe(relay);
            GossipsubRouter source = subscribed(fast().build());
            connect(source, relay);
            await().atMost(WAIT).until(() -> relayHost.connection(raw.peerId()).isPresent());
            raw.open(relayHost);
            raw.send(RPC.newBuilder().addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(true).setTopicid(TOPIC))
                    .setControl(ControlMessage.newBuilder().addGraft(ControlGraft.newBuilder().setTopicID(TOPIC)))
                    .build());
            await().atMost(WAIT).until(() -> raw.received.stream()
                    .anyMatch(r -> r.getControl().getPruneList().stream().anyMatch(p -> p.getTopicID().equals(TOPIC))));
            assertThat(relay.mesh(TOPIC)).doesNotContain(raw.peerId());
            await().atMost(WAIT).until(() -> relay.mesh(TOPIC).contains(source.localPeer()));

            source.publish(TOPIC, utf8("relayed")).get(5, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> raw.received.stream().flatMap(r -> r.getPublishList().stream())
                    .anyMatch(m -> m.getData().toStringUtf8().equals("relayed")));
        } finally {
            raw.close();
        }
    }
}

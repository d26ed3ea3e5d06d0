package io.grapevine.node.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grapevine.node.pubsub.gossipsub.GossipsubRouter;
import io.grapevine.node.pubsub.rpc.proto.ControlGraft;
import io.grapevine.node.pubsub.rpc.proto.ControlIHave;
import io.grapevine.node.pubsub.rpc.proto.ControlPrune;
import io.grapevine.node.pubsub.rpc.proto.ControlMessage;
import io.grapevine.node.pubsub.rpc.proto.Message;
import io.grapevine.node.pubsub.rpc.proto.RPC;
import io.grapevine.node.pubsub.score.PeerScoreParams;
import io.grapevine.node.pubsub.score.PeerScoreThresholds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Peer scoring (gossipsub v1.1) on real hosts: misbehaving peers lose their score and what it allows them. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PeerScoringTest extends PubsubTestBase {
    private static Validator rejectBad() {
        return m -> new String(m.data(), StandardCharsets.UTF_8).startsWith("bad") ? ValidationResult.REJECT
                : ValidationResult.ACCEPT;
    }

    @Test
    void aPublisherOfInvalidMessagesIsGraylistedAndItsMessagesStopSpreading() throws Exception {
        GossipsubRouter bad = subscribed(fast().build());
        GossipsubRouter relay = node(fast().build());
        GossipsubRouter watcher = node(fast().build());
        relay.addValidator(TOPIC, rejectBad());
        watcher.addValidator(TOPIC, rejectBad());
        subscribe(relay);
        subscribe(watcher);
        connect(bad, relay);
        connect(watcher, relay); // bad reaches the watcher only through the relay
        await().atMost(WAIT).until(() -> relay.mesh(TOPIC).containsAll(Set.of(bad.localPeer(), watcher.localPeer()))
                && bad.mesh(TOPIC).contains(relay.localPeer()));

        bad.publish(TOPIC, utf8("early")).get(5, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> received.get(watcher).contains("early"));

        for (int i = 0; i < 5; i++) {
            bad.publish(TOPIC, utf8("bad-" + i)).get(5, TimeUnit.SECONDS);
        }
        double graylist = PeerScoreThresholds.defaults().graylist();
        await().atMost(WAIT).until(() -> relay.scores().getOrDefault(bad.localPeer(), 0.0) < graylist);
        assertThat(relay.stats().rejected()).isBetween(3L, 5L); // three already graylist; later ones may be ignored
        assertThat(relay.scores().get(watcher.localPeer())).isGreaterThanOrEqualTo(0);
        await().atMost(WAIT).until(() -> !relay.mesh(TOPIC).contains(bad.localPeer())); // negative: pruned

        long graylistedBefore = relay.stats().graylistedRpcs();
        bad.publish(TOPIC, utf8("late")).get(5, TimeUnit.SECONDS); // valid, but its sender is graylisted
        await().atMost(WAIT).until(() -> relay.stats().graylistedRpcs() > graylistedBefore);
        relay.publish(TOPIC, utf8("from-relay")).get(5, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> received.get(watcher).contains("from-relay"));
        assertThat(received.get(watcher)).containsExactly("early", "from-relay");
        assertThat(received.get(relay)).containsExactly("early");
    }

    @Test
    void aPeerThatAnswersNoIWantIsPenalizedAndOneThatAnswersIsNot() throws Exception {
        GossipsubRouter target = subscribed(fast().iwantFollowupTime(Duration.ofMillis(400)).build());
        RawPubsubPeer raw = subscribedRaw(target);

        // An honest answer: advertise a real message and deliver it when asked.
        Message kept = MessageSigning.sign(raw.key, TOPIC, utf8("kept"), 1);
        ByteString keptId = kept.getFrom().concat(kept.getSeqno());
        raw.send(ihave(keptId));
        await().atMost(WAIT).until(() -> iwanted(raw).contains(keptId));
        raw.send(RPC.newBuilder().addPublish(kept).build());
        await().atMost(WAIT).until(() -> received.get(target).contains("kept"));
        Thread.sleep(1_000); // past the follow-up time: nothing broken
        assertThat(target.stats().brokenPromises()).isZero();
        assertThat(target.scores().get(raw.peerId())).isGreaterThanOrEqualTo(0);

        // Then three advertisements it never honours, each answered by its own IWANT.
        for (int i = 0; i < 3; i++) {
            ByteString id = ByteString.copyFromUtf8("never-" + i);
            raw.send(ihave(id));
            await().atMost(WAIT).until(() -> iwanted(raw).contains(id));
        }
        await().atMost(WAIT).until(() -> target.stats().brokenPromises() == 3);
        // P7 = -10 * (penalty - 1)^2 with a penalty near 3 (decaying 0.9 a second): below the gossip threshold.
        assertThat(target.scores().get(raw.peerId())).isLessThan(PeerScoreThresholds.defaults().gossip());
    }

    @Test
    void peersSharingAnIpArePenalizedWhenLoopbackIsNotWhitelisted() throws Exception {
        PeerScoreParams strict = PeerScoreParams.builder().ipColocation(-5, 1, Set.of(), false).build();
        GossipsubRouter target = subscribed(fast().scoring(strict, PeerScoreThresholds.defaults()).build());
        GossipsubRouter a = subscribed(fast().build());
        connect(a, target);
        await().atMost(WAIT).until(() -> target.scores().containsKey(a.localPeer()));
        assertThat(target.scores().get(a.localPeer())).isGreaterThanOrEqualTo(0); // one peer on 127.0.0.1
        GossipsubRouter b = subscribed(fast().build());
        connect(b, target);
        await().atMost(WAIT).until(() -> target.scores().getOrDefault(b.localPeer(), 0.0) < -4);
        assertThat(target.scores().get(a.localPeer())).isLessThan(-4); // (2 - 1)^2 * -5, plus P1 of at most 0.02/s
    }

    @Test
    void graftsDuringBackoffArePenalized() throws Exception {
        GossipsubRouter target = subscribed(fast().degree(1, 1, 2).dout(0).build());
        RawPubsubPeer raw = subscribedRaw(target);
        raw.send(graft());
        await().atMost(WAIT).until(() -> target.mesh(TOPIC).contains(raw.peerId()));
        raw.send(RPC.newBuilder().setControl(ControlMessage.newBuilder()
                .addPrune(ControlPrune.newBuilder().setTopicID(TOPIC).setBackoff(60))).build());
        await().atMost(WAIT).until(() -> !target.mesh(TOPIC).contains(raw.peerId()));
        assertThat(target.scores().get(raw.peerId())).isGreaterThanOrEqualTo(0);
        for (int i = 0; i < 3; i++) {
            raw.send(graft());
        }
        // three P7 points: -10 * (3 - 1)^2, decaying; and a negative peer is not grafted back
        await().atMost(WAIT).until(() -> target.scores().get(raw.peerId()) < -10);
        assertThat(target.mesh(TOPIC)).doesNotContain(raw.peerId());
    }

    @Test
    void opportunisticGraftingAddsABetterPeerWhenTheMeshMedianIsLow() throws Exception {
        RawPubsubPeer good = new RawPubsubPeer();
        raws.add(good);
        PeerScoreParams params = PeerScoreParams.builder()
                .appSpecific(p -> p.equals(good.peerId()) ? 20 : 0, 1).build();
        GossipsubRouter target = subscribed(fast().degree(2, 2, 4).dout(0).opportunisticGraftTicks(3)
                .scoring(params, PeerScoreThresholds.defaults()).build());
        GossipsubRouter a = subscribed(fast().build());
        GossipsubRouter b = subscribed(fast().build());
        connect(a, target);
        connect(b, target);
        await().atMost(WAIT).until(() -> target.mesh(TOPIC).size() == 2);
        good.open(hostOf(target));
        good.send(RPC.newBuilder().addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(true).setTopicid(TOPIC))
                .build());
        // the mesh (a, b) has a median near 0, below the threshold of 5; good scores 20 and is not in the mesh
        await().atMost(WAIT).until(() -> target.mesh(TOPIC).contains(good.peerId()));
        assertThat(good.received).anyMatch(r -> r.getControl().getGraftList().stream()
                .anyMatch(g -> g.getTopicID().equals(TOPIC)));
    }

    private static RPC graft() {
        return RPC.newBuilder().setControl(ControlMessage.newBuilder()
                .addGraft(ControlGraft.newBuilder().setTopicID(TOPIC))).build();
    }

    private static RPC ihave(ByteString id) {
        return RPC.newBuilder().setControl(ControlMessage.newBuilder()
                .addIhave(ControlIHave.newBuilder().setTopicID(TOPIC).addMessageIDs(id))).build();
    }

    private static List<ByteString> iwanted(RawPubsubPeer raw) {
        return raw.received.stream().flatMap(r -> r.getControl().getIwantList().stream())
                .flatMap(w -> w.getMessageIDsList().stream()).toList();
    }
}

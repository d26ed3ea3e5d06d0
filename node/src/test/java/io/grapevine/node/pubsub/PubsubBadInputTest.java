package io.grapevine.node.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grapevine.node.multiformats.Varint;
import io.grapevine.node.pubsub.gossipsub.GossipsubParams;
import io.grapevine.node.pubsub.gossipsub.GossipsubRouter;
import io.grapevine.node.pubsub.rpc.proto.ControlGraft;
import io.grapevine.node.pubsub.rpc.proto.ControlIDontWant;
import io.grapevine.node.pubsub.rpc.proto.ControlIHave;
import io.grapevine.node.pubsub.rpc.proto.ControlIWant;
import io.grapevine.node.pubsub.rpc.proto.ControlMessage;
import io.grapevine.node.pubsub.rpc.proto.ControlPrune;
import io.grapevine.node.pubsub.rpc.proto.Message;
import io.grapevine.node.pubsub.rpc.proto.RPC;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A hand-driven peer sends what an honest router never would. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PubsubBadInputTest extends PubsubTestBase {
    private static RPC publish(Message... messages) {
        return RPC.newBuilder().addAllPublish(List.of(messages)).build();
    }

    private static RPC control(ControlMessage.Builder control) {
        return RPC.newBuilder().setControl(control).build();
    }

    private static List<Message> messagesIn(List<RPC> rpcs) {
        return rpcs.stream().flatMap(r -> r.getPublishList().stream()).toList();
    }

    @Test
    void unsignedForgedAndMisattributedMessagesAreRejected() throws Exception {
        GossipsubRouter target = subscribed(fast().build());
        RawPubsubPeer raw = subscribedRaw(target);
        Message good = MessageSigning.sign(raw.key, TOPIC, utf8("signed"), 1);
        Message unsigned = good.toBuilder().clearSignature().setSeqno(ByteString.copyFrom(new byte[8])).build();
        Message forged = MessageSigning.sign(raw.key, TOPIC, utf8("x"), 2).toBuilder()
                .setData(ByteString.copyFromUtf8("forged")).build();
        Message misattributed = MessageSigning.sign(raw.key, TOPIC, utf8("y"), 3).toBuilder()
                .setFrom(ByteString.copyFrom(target.localPeer().toBytes())).build();
        raw.send(publish(unsigned, forged, misattributed, good));
        await().atMost(WAIT).untilAsserted(() -> assertThat(received.get(target)).containsExactly("signed"));
        assertThat(target.stats().rejected()).isEqualTo(3);
    }

    @Test
    void duplicatesAreDroppedBeforeVerification() throws Exception {
        GossipsubRouter target = subscribed(fast().build());
        RawPubsubPeer raw = subscribedRaw(target);
        Message good = MessageSigning.sign(raw.key, TOPIC, utf8("once"), 7);
        raw.send(publish(good, good, good));
        await().atMost(WAIT).until(() -> target.stats().duplicates() == 2);
        assertThat(received.get(target)).containsExactly("once");
    }

    @Test
    void oversizedRpcClosesTheStreamButNotTheRouter() throws Exception {
        GossipsubRouter target = subscribed(fast().maxRpcSize(64 * 1024).build());
        RawPubsubPeer raw = subscribedRaw(target);
        Channel stream = raw.outbound.channel();
        io.netty.buffer.ByteBuf prefix = Unpooled.buffer();
        Varint.write(64 * 1024 + 1, prefix);
        stream.writeAndFlush(prefix).sync();
        await().atMost(WAIT).until(() -> !stream.isActive());
        // A fresh stream works again.
        raw.open(hostOf(target));
        raw.send(publish(MessageSigning.sign(raw.key, TOPIC, utf8("after"), 1)));
        await().atMost(WAIT).untilAsserted(() -> assertThat(received.get(target)).containsExactly("after"));
    }

    @Test
    void malformedProtobufClosesTheStream() throws Exception {
        GossipsubRouter target = subscribed(fast().build());
        RawPubsubPeer raw = subscribedRaw(target);
        Channel stream = raw.outbound.channel();
        stream.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {3, 0x0a, 100, 0})).sync();
        await().atMost(WAIT).until(() -> !stream.isActive());
        assertThat(received.get(target)).isEmpty();
    }

    @Test
    void subscriptionFloodIsCapped() throws Exception {
        GossipsubRouter target = subscribed(fast().maxTopicsPerPeer(10).build());
        RawPubsubPeer raw = subscribedRaw(target);
        RPC.Builder flood = RPC.newBuilder();
        for (int i = 0; i < 100; i++) {
            flood.addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(true).setTopicid("spam-" + i));
        }
        raw.send(flood.build());
        await().atMost(WAIT).until(() -> target.stats().ignoredSubscriptions() == 91);
        assertThat(target.peers("spam-8")).contains(raw.peerId());
        assertThat(target.peers("spam-9")).isEmpty();
    }

    @Test
    void graftDuringBackoffIsAnsweredWithPrune() throws Exception {
        GossipsubRouter target = subscribed(fast().degree(1, 1, 2).dout(0).build());
        RawPubsubPeer raw = subscribedRaw(target);
        raw.send(control(ControlMessage.newBuilder().addGraft(ControlGraft.newBuilder().setTopicID(TOPIC))));
        await().atMost(WAIT).until(() -> target.mesh(TOPIC).contains(raw.peerId()));
        raw.send(control(ControlMessage.newBuilder()
                .addPrune(ControlPrune.newBuilder().setTopicID(TOPIC).setBackoff(60))));
        await().atMost(WAIT).until(() -> !target.mesh(TOPIC).contains(raw.peerId()));
        raw.received.clear();
        raw.send(control(ControlMessage.newBuilder().addGraft(ControlGraft.newBuilder().setTopicID(TOPIC))));
        await().atMost(WAIT).until(() -> raw.received.stream()
                .anyMatch(r -> r.getControl().getPruneList().stream().anyMatch(p -> p.getTopicID().equals(TOPIC))));
        Thread.sleep(600); // three heartbeats: the router must not re-graft a peer in backoff
        assertThat(target.mesh(TOPIC)).doesNotContain(raw.peerId());
    }

    @Test
    void iwantFloodsGetOnlyCachedMessagesAndAtMostThreeTimes() throws Exception {
        GossipsubRouter target = subscribed(fast().build());
        RawPubsubPeer raw = subscribedRaw(target);
        target.publish(TOPIC, utf8("cached")).get(5, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> messagesIn(raw.received).size() == 1);
        Message sent = messagesIn(raw.received).getFirst();
        ByteString id = sent.getFrom().concat(sent.getSeqno());
        ControlIWant.Builder unknown = ControlIWant.newBuilder();
        for (int i = 0; i < 10_000; i++) {
            unknown.addMessageIDs(ByteString.copyFromUtf8("nope-" + i));
        }
        raw.send(control(ControlMessage.newBuilder().addIwant(unknown)));
        for (int i = 0; i < 5; i++) {
            raw.send(control(ControlMessage.newBuilder().addIwant(ControlIWant.newBuilder().addMessageIDs(id))));
        }
        await().atMost(WAIT).until(() -> messagesIn(raw.received).size() == 4);
        Thread.sleep(500);
        assertThat(messagesIn(raw.received)).hasSize(4).allMatch(m -> m.equals(sent));
    }

    @Test
    void idontwantSuppressesForwardingAndLargeMessagesTriggerIt() throws Exception {
        GossipsubRouter source = subscribed(fast().build());
        GossipsubRouter relay = subscribed(fast().build());
        source.setMessageIdFunction(TOPIC, MessageIdFunction.SHA256_OF_DATA);
        relay.setMessageIdFunction(TOPIC, MessageIdFunction.SHA256_OF_DATA);
        connect(source, relay);
        RawPubsubPeer raw = subscribedRaw(relay);
        raw.send(control(ControlMessage.newBuilder().addGraft(ControlGraft.newBuilder().setTopicID(TOPIC))));
        await().atMost(WAIT).until(() -> relay.mesh(TOPIC).containsAll(List.of(raw.peerId(), source.localPeer())));

        byte[] unwanted = new byte[2000];
        unwanted[0] = 1;
        byte[] wanted = new byte[2000];
        wanted[0] = 2;
        ByteString unwantedId = MessageIdFunction.SHA256_OF_DATA.id(Message.newBuilder()
                .setData(ByteString.copyFrom(unwanted)).build());
        raw.send(control(ControlMessage.newBuilder()
                .addIdontwant(ControlIDontWant.newBuilder().addMessageIDs(unwantedId))));
        Thread.sleep(200);
        source.publish(TOPIC, unwanted).get(5, TimeUnit.SECONDS);
        source.publish(TOPIC, wanted).get(5, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> messagesIn(raw.received).stream()
                .anyMatch(m -> m.getData().byteAt(0) == 2));
        assertThat(messagesIn(raw.received)).noneMatch(m -> m.getData().byteAt(0) == 1);
        // The relay told its mesh (raw included) that it has both large messages.
        ByteString wantedId = MessageIdFunction.SHA256_OF_DATA.id(Message.newBuilder()
                .setData(ByteString.copyFrom(wanted)).build());
        assertThat(raw.received.stream().flatMap(r -> r.getControl().getIdontwantList().stream())
                .flatMap(d -> d.getMessageIDsList().stream())).contains(wantedId);
    }

    @Test
    void aPeerThatNeverReadsCostsBoundedSendsAndDoesNotBlockOthers() throws Exception {
        GossipsubRouter target = subscribed(fast().maxSendQueue(8).build());
        GossipsubRouter honest = subscribed(fast().build());
        connect(target, honest);
        RawPubsubPeer raw = subscribedRaw(target);
        await().atMost(WAIT).until(() -> raw.inbound != null);
        raw.inbound.config().setAutoRead(false);
        byte[] big = new byte[60_000];
        // Paced by the honest peer's delivery, so only the peer that never reads falls behind.
        for (int i = 0; i < 60; i++) {
            big[0] = (byte) i;
            target.publish(TOPIC, big.clone()).get(5, TimeUnit.SECONDS);
            int expected = i + 1;
            await().atMost(WAIT).until(() -> received.get(honest).size() == expected);
        }
        assertThat(target.stats().droppedSends()).isPositive();
    }




    @Test
    void ihaveSpamIsAnsweredForAtMostTenIHavesPerHeartbeat() throws Exception {
        GossipsubRouter target = subscribed(fast().heartbeat(Duration.ofMillis(50), Duration.ofSeconds(5)).build());
        RawPubsubPeer raw = subscribedRaw(target);
        for (int i = 0; i < 20; i++) {
            ControlIHave.Builder ihave = ControlIHave.newBuilder().setTopicID(TOPIC);
            for (int k = 0; k < 10; k++) {
                ihave.addMessageIDs(ByteString.copyFromUtf8("unknown-" + i + "-" + k));
            }
            raw.send(control(ControlMessage.newBuilder().addIhave(ihave)));
        }
        await().atMost(WAIT).until(() -> iwantIds(raw) >= 100);
        Thread.sleep(500);
        assertThat(iwantIds(raw)).isEqualTo(100);
    }

    @Test
    void graftsAndPrunesForTopicsWeAreNotInAreIgnored() throws Exception {
        GossipsubRouter target = subscribed(fast().build());
        RawPubsubPeer raw = subscribedRaw(target);
        ControlMessage.Builder spam = ControlMessage.newBuilder();
        for (int i = 0; i < 1000; i++) {
            spam.addGraft(ControlGraft.newBuilder().setTopicID("elsewhere-" + i));
            spam.addPrune(ControlPrune.newBuilder().setTopicID("elsewhere-" + i).setBackoff(3600));
        }
        raw.send(control(spam));
        // Then a GRAFT for our topic, which must be accepted: the spam did not disturb it.
        raw.send(control(ControlMessage.newBuilder().addGraft(ControlGraft.newBuilder().setTopicID(TOPIC))));
        await().atMost(WAIT).until(() -> target.mesh(TOPIC).contains(raw.peerId()));
        assertThat(raw.received.stream().mapToInt(r -> r.getControl().getPruneCount()).sum()).isZero();
    }

    private static long iwantIds(RawPubsubPeer raw) {
        return raw.received.stream().flatMap(r -> r.getControl().getIwantList().stream())
                .mapToLong(ControlIWant::getMessageIDsCount).sum();
    }
}

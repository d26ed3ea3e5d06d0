package io.grapevine.node.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grapevine.node.pubsub.gossipsub.GossipsubRouter;
import io.grapevine.node.pubsub.rpc.proto.ControlGraft;
import io.grapevine.node.pubsub.rpc.proto.ControlIDontWant;
import io.grapevine.node.pubsub.rpc.proto.ControlMessage;
import io.grapevine.node.pubsub.rpc.proto.Message;
import io.grapevine.node.pubsub.rpc.proto.RPC;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A relay whose sends wait their turn (a slow simulated uplink: a 64 KiB message takes about 2.6 s at 200 kbit/s)
 * skips a queued message when the peer says IDONTWANT, or sends it the message itself, before its turn. The slow link
 * gives the test's own steps seconds, not milliseconds, to happen before that turn, so a loaded machine cannot race it.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class IDontWantTest extends PubsubTestBase {
    private static final long SLOW_UPLINK = 200_000;
    /** Longer than one 64 KiB message's turn on the uplink. */
    private static final long TURN_AND_MORE_MILLIS = 4_000;
    private static final int SIZE = 64 * 1024;
    /** A raw peer in {@code relay}'s mesh. */
    private RawPubsubPeer meshPeer(GossipsubRouter relay) throws Exception {
        RawPubsubPeer raw = subscribedRaw(relay);
        raw.send(RPC.newBuilder().setControl(ControlMessage.newBuilder()
                .addGraft(ControlGraft.newBuilder().setTopicID(TOPIC))).build());
        await().atMost(WAIT).until(() -> relay.mesh(TOPIC).contains(raw.peerId()));
        return raw;
    }

    private GossipsubRouter slowRelay() throws Exception {
        // fast() heartbeats every 200 ms, so the default three-heartbeat memory of an IDONTWANT (600 ms) would end
        // before the queued copy's turn on this slow link; remember it for 10 s instead.
        GossipsubRouter relay = node(host(), fast().idontwantTtlHeartbeats(50).build());
        relay.simulateUplink(SLOW_UPLINK);
        relay.setMessageIdFunction(TOPIC, MessageIdFunction.SHA256_OF_DATA);
        subscribe(relay);
        return relay;
    }

    private static byte[] data(int first) {
        byte[] data = new byte[SIZE];
        data[0] = (byte) first;
        return data;
    }

    private static ByteString id(byte[] data) {
        return MessageIdFunction.SHA256_OF_DATA.id(Message.newBuilder().setData(ByteString.copyFrom(data)).build());
    }

    private static boolean saidIDontWant(RawPubsubPeer raw, ByteString id) {
        return raw.received.stream().flatMap(r -> r.getControl().getIdontwantList().stream())
                .anyMatch(d -> d.getMessageIDsList().contains(id));
    }

    private static long copiesOf(RawPubsubPeer raw, ByteString id) {
        return raw.received.stream().flatMap(r -> r.getPublishList().stream())
                .filter(m -> id(m.getData().toByteArray()).equals(id)).count();
    }

    @Test
    void aLateIDontWantCancelsAQueuedMessage() throws Exception {
        GossipsubRouter relay = slowRelay();
        RawPubsubPeer author = meshPeer(relay);
        RawPubsubPeer receiver = meshPeer(relay);
        byte[] first = data(1);
        byte[] second = data(2);
        author.send(RPC.newBuilder().addPublish(MessageSigning.sign(author.key, TOPIC, first, 1))
                .addPublish(MessageSigning.sign(author.key, TOPIC, second, 2)).build());
        // The relay announces both at once and queues both; the first is then on the wire for about 2.6 s.
        await().atMost(WAIT).until(() -> saidIDontWant(receiver, id(second)) && relay.stats().forwarded() == 2);
        receiver.send(RPC.newBuilder().setControl(ControlMessage.newBuilder()
                .addIdontwant(ControlIDontWant.newBuilder().addMessageIDs(id(second)))).build());

        await().atMost(WAIT).until(() -> copiesOf(receiver, id(first)) == 1);
        Thread.sleep(TURN_AND_MORE_MILLIS); // the second's turn has come and gone
        assertThat(copiesOf(receiver, id(second))).isZero();
        assertThat(relay.stats().cancelledSends()).isEqualTo(1);
    }

    @Test
    void aPeerThatSendsUsTheMessageIsNotSentItBack() throws Exception {
        GossipsubRouter relay = slowRelay();
        RawPubsubPeer author = meshPeer(relay);
        RawPubsubPeer b = meshPeer(relay);
        RawPubsubPeer c = meshPeer(relay);
        byte[] data = data(3);
        Message message = MessageSigning.sign(author.key, TOPIC, data, 1);
        author.send(RPC.newBuilder().addPublish(message).build());
        // One copy goes out first and takes about 2.6 s; meanwhile both peers send the message themselves.
        await().atMost(WAIT).until(() -> saidIDontWant(b, id(data)) && saidIDontWant(c, id(data))
                && relay.stats().forwarded() == 2);
        b.send(RPC.newBuilder().addPublish(message).build());
        c.send(RPC.newBuilder().addPublish(message).build());

        await().atMost(WAIT).until(() -> copiesOf(b, id(data)) + copiesOf(c, id(data)) == 1);
        Thread.sleep(TURN_AND_MORE_MILLIS);
        assertThat(copiesOf(b, id(data)) + copiesOf(c, id(data))).isEqualTo(1);
        assertThat(relay.stats().cancelledSends()).isEqualTo(1);
        assertThat(relay.stats().duplicates()).isEqualTo(2);
    }
}

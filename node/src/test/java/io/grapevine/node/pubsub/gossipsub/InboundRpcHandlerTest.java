package io.grapevine.node.pubsub.gossipsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.pubsub.rpc.proto.RPC;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Hand-over of a read's RPCs as one batch, and inbound flow control with its resume mark. */
class InboundRpcHandlerTest {
    private static final PeerId PEER = PeerId.fromPublicKey(Ed25519PrivateKey.generate().publicKey());

    private record HandOver(List<RPC> rpcs, Runnable done) {}

    private final List<HandOver> handOvers = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(
            new InboundRpcHandler((from, rpcs, done) -> handOvers.add(new HandOver(List.copyOf(rpcs), done)), PEER, 8));

    @Test
    void theRpcsOfOneReadGoToTheRouterAsOneBatchInOrder() {
        List<RPC> five = rpcs(0, 5);
        channel.writeInbound(five.toArray());
        channel.writeInbound(rpcs(5, 2).toArray());

        assertThat(handOvers).hasSize(2);
        assertThat(handOvers.get(0).rpcs()).containsExactlyElementsOf(five);
        assertThat(handOvers.get(1).rpcs()).hasSize(2);
    }

    @Test
    void readingPausesAtTheLimitAndResumesOnlyOnceHalfAreDone() {
        channel.writeInbound(rpcs(0, 5).toArray());
        assertThat(channel.config().isAutoRead()).isTrue();
        channel.writeInbound(rpcs(5, 3).toArray()); // 8 waiting: the limit
        assertThat(channel.config().isAutoRead()).isFalse();

        handOvers.get(1).done().run(); // 5 left, above the resume mark of 4
        channel.runPendingTasks();
        assertThat(channel.config().isAutoRead()).isFalse();

        handOvers.get(0).done().run(); // none left
        channel.runPendingTasks();
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void aPauseAfterTheRouterCaughtUpIsStillUndone() {
        channel.writeInbound(rpcs(0, 7).toArray());
        // The router finishes the batch while the next read is under way (before its RPCs are handed over).
        channel.pipeline().fireChannelRead(rpcs(7, 1).getFirst()); // 8 waiting: paused
        assertThat(channel.config().isAutoRead()).isFalse();
        handOvers.getFirst().done().run(); // crosses the mark: the check runs on the event loop, after the pause
        channel.runPendingTasks();
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void rpcsReadBeforeAnErrorStillReachTheRouter() {
        channel.pipeline().fireChannelRead(rpcs(0, 2).get(0));
        channel.pipeline().fireChannelRead(rpcs(0, 2).get(1));
        channel.pipeline().fireExceptionCaught(new IllegalStateException("bad frame"));

        assertThat(handOvers).hasSize(1);
        assertThat(handOvers.getFirst().rpcs()).hasSize(2);
        assertThat(channel.isOpen()).isFalse();
    }

    private static List<RPC> rpcs(int from, int count) {
        return IntStream.range(from, from + count)
                .mapToObj(i -> RPC.newBuilder().addSubscriptions(RPC.SubOpts.newBuilder().setTopicid("t" + i)).build())
                .toList();
    }
}

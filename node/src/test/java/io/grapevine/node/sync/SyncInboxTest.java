package io.grapevine.node.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grapevine.node.sync.SyncFrameDecoder.SyncFrame;
import io.grapevine.node.sync.proto.Range;
import io.grapevine.node.sync.proto.SyncMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Turn-taking is judged by when bytes arrived, not by how fast the session thread answers. */
class SyncInboxTest {
    private static final Duration WAIT = Duration.ofSeconds(1);

    private static ByteBuf frames(int count) {
        byte[] body = SyncMessage.newBuilder().setSet("announce")
                .addRanges(Range.newBuilder().setOpenEnd(true).setMode(Range.Mode.SKIP)).build().toByteArray();
        ByteBuf buf = Unpooled.buffer();
        for (int i = 0; i < count; i++) {
            buf.writeByte(body.length).writeBytes(body);
        }
        return buf;
    }

    /** A responder's inbox whose session answers each message the instant it is decoded (the fastest thread). */
    private static EmbeddedChannel instantAnswers(SyncInbox inbox) {
        return new EmbeddedChannel(inbox.arrivals(), new SyncFrameDecoder(1 << 20), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ctx.fireChannelRead(msg);
                inbox.passTurn();
            }
        }, inbox);
    }

    @Test
    void aBurstReadAtOnceIsOutOfTurnEvenWhenAnsweredInstantly() throws Exception {
        SyncInbox inbox = new SyncInbox(true);
        EmbeddedChannel channel = instantAnswers(inbox);
        channel.writeInbound(frames(3));
        assertThat(inbox.take(WAIT)).isInstanceOf(SyncFrame.class);
        assertThatThrownBy(() -> inbox.take(WAIT)).isInstanceOf(SyncException.class).hasMessageContaining("out of turn");
        assertThat(channel.config().isAutoRead()).isFalse();
    }

    @Test
    void messagesThatArriveAfterEachAnswerAreInTurn() throws Exception {
        SyncInbox inbox = new SyncInbox(true);
        EmbeddedChannel channel = instantAnswers(inbox);
        for (int i = 0; i < 5; i++) {
            channel.writeInbound(frames(1));
            assertThat(inbox.take(WAIT)).isInstanceOf(SyncFrame.class);
        }
    }

    @Test
    void aMessageSplitAcrossReadsIsJudgedByItsLastBytes() throws Exception {
        SyncInbox inbox = new SyncInbox(false); // initiator: nothing is in turn before our first message
        EmbeddedChannel channel = new EmbeddedChannel(inbox.arrivals(), new SyncFrameDecoder(1 << 20), inbox);
        ByteBuf whole = frames(1);
        inbox.passTurn();
        channel.writeInbound(whole.readRetainedSlice(3));
        channel.writeInbound(whole);
        assertThat(inbox.take(WAIT)).isInstanceOf(SyncFrame.class);
        channel.writeInbound(frames(1)); // no answer of ours in between
        assertThatThrownBy(() -> inbox.take(WAIT)).hasMessageContaining("out of turn");
    }

    @Test
    void anErrorIsAcceptedAtAnyTime() throws Exception {
        SyncInbox inbox = new SyncInbox(false);
        EmbeddedChannel channel = new EmbeddedChannel(inbox.arrivals(), new SyncFrameDecoder(1 << 20), inbox);
        byte[] body = SyncMessage.newBuilder().setError("busy").build().toByteArray();
        channel.writeInbound(Unpooled.buffer().writeByte(body.length).writeBytes(body));
        assertThat(inbox.take(WAIT).message().getError()).isEqualTo("busy");
    }
}

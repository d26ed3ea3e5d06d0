package io.grapevine.node.p2p.yamux;

import static io.grapevine.node.p2p.yamux.YamuxHeader.FLAG_ACK;
import static io.grapevine.node.p2p.yamux.YamuxHeader.FLAG_FIN;
import static io.grapevine.node.p2p.yamux.YamuxHeader.FLAG_RST;
import static io.grapevine.node.p2p.yamux.YamuxHeader.FLAG_SYN;
import static io.grapevine.node.p2p.yamux.YamuxHeader.TYPE_DATA;
import static io.grapevine.node.p2p.yamux.YamuxHeader.TYPE_GO_AWAY;
import static io.grapevine.node.p2p.yamux.YamuxHeader.TYPE_PING;
import static io.grapevine.node.p2p.yamux.YamuxHeader.TYPE_WINDOW_UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One session against a scripted (possibly hostile) peer that writes raw frames. */
class YamuxSessionTest {

    private final List<Channel> accepted = new ArrayList<>();
    private EmbeddedChannel channel;
    private boolean autoRead = true;
    private YamuxSession session;

    private void start(boolean initiator, YamuxConfig config) {
        session = new YamuxSession(initiator, config, new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new Recorder());
                ch.config().setAutoRead(autoRead);
                accepted.add(ch);
            }
        });
        channel = new EmbeddedChannel(session);
        List<RawFrame> first = RawFrame.drain(channel);
        assertThat(first).singleElement().satisfies(f -> {
            assertThat(f.type()).as("the RTT ping").isEqualTo(TYPE_PING);
            assertThat(f.flags()).isEqualTo(FLAG_SYN);
            assertThat(f.streamId()).isZero();
        });
    }

    private void start() {
        start(false, YamuxConfig.defaults());
    }

    @AfterEach
    void tearDown() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private void send(RawFrame... frames) {
        for (RawFrame f : frames) {
            channel.writeInbound(f.encode());
        }
    }

    private void assertClosedWithProtocolError() {
        List<RawFrame> out = RawFrame.drain(channel);
        assertThat(out).last().satisfies(f -> {
            assertThat(f.type()).isEqualTo(TYPE_GO_AWAY);
            assertThat(f.length()).isEqualTo(YamuxGoAway.PROTOCOL_ERROR.code());
        });
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void synOnDataOpensAStreamAndIsAcknowledged() {
        start();
        send(RawFrame.data(FLAG_SYN, 1, "hi".getBytes()));
        assertThat(accepted).hasSize(1);
        assertThat(Recorder.of(accepted.get(0)).received()).asString().isEqualTo("hi");
        assertThat(RawFrame.drain(channel)).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(TYPE_WINDOW_UPDATE);
            assertThat(f.flags()).isEqualTo(FLAG_ACK);
            assertThat(f.streamId()).isEqualTo(1);
            assertThat(f.length()).isZero();
        });
    }

    @Test
    void openedStreamSendsSynOnWindowUpdateWithTheExtraWindow() {
        start(true, YamuxConfig.defaults().withReceiveWindow(1024 * 1024, 1024 * 1024));
        Future<Channel> f = session.openStream(new Recorder());
        assertThat(f.isSuccess()).isTrue();
        assertThat(RawFrame.drain(channel)).singleElement().satisfies(frame -> {
            assertThat(frame.type()).isEqualTo(TYPE_WINDOW_UPDATE);
            assertThat(frame.flags()).isEqualTo(FLAG_SYN);
            assertThat(frame.streamId()).isEqualTo(1);
            assertThat(frame.length()).isEqualTo(768 * 1024);
        });
        f.getNow().writeAndFlush(Unpooled.wrappedBuffer(new byte[3000]));
        assertThat(RawFrame.drain(channel)).singleElement().satisfies(frame -> {
            assertThat(frame.type()).isEqualTo(TYPE_DATA);
            assertThat(frame.flags()).isZero();
            assertThat(frame.length()).isEqualTo(3000);
        });
    }

    @Test
    void pingIsAnsweredWithTheSameOpaqueValue() {
        start();
        send(RawFrame.of(TYPE_PING, FLAG_SYN, 0, 0xCAFEBABE));
        assertThat(RawFrame.drain(channel)).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(TYPE_PING);
            assertThat(f.flags()).isEqualTo(FLAG_ACK);
            assertThat(f.length()).isEqualTo(0xCAFEBABE);
        });
    }

    @Test
    void keepAliveClosesASessionWhosePeerStopsAnswering() {
        start(false, YamuxConfig.defaults().withKeepAliveInterval(Duration.ofSeconds(10)));
        send(RawFrame.of(TYPE_PING, FLAG_ACK, 0, 1)); // answer the RTT ping
        channel.advanceTimeBy(10, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(RawFrame.drain(channel)).singleElement()
                .satisfies(f -> assertThat(f.type()).isEqualTo(TYPE_PING));
        assertThat(channel.isOpen()).isTrue();
        channel.advanceTimeBy(10, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).as("second ping due while the first is unanswered").isFalse();
        assertThat(RawFrame.drain(channel)).last().satisfies(f -> assertThat(f.type()).isEqualTo(TYPE_GO_AWAY));
    }

    @Test
    void badVersionIsAProtocolError() {
        start();
        ByteBuf frame = RawFrame.of(TYPE_PING, FLAG_SYN, 0, 1).encode();
        frame.setByte(0, 1);
        channel.writeInbound(frame);
        assertClosedWithProtocolError();
    }

    @Test
    void unknownTypeIsAProtocolError() {
        start();
        send(RawFrame.of(7, 0, 0, 0));
        assertClosedWithProtocolError();
    }

    @Test
    void oversizedDataLengthIsRejectedFromTheHeaderAlone() {
        start(false, YamuxConfig.defaults().withMaxFramePayload(1 << 20));
        send(RawFrame.data(FLAG_SYN, 1, new byte[0]));
        RawFrame.drain(channel);
        channel.writeInbound(RawFrame.of(TYPE_DATA, 0, 1, 0xFFFFFFF0).encode());
        assertClosedWithProtocolError();
    }

    @Test
    void dataBeyondTheReceiveWindowIsAProtocolError() {
        autoRead = false;
        start();
        send(RawFrame.of(TYPE_WINDOW_UPDATE, FLAG_SYN, 1, 0));
        send(RawFrame.data(0, 1, new byte[200 * 1024]));
        assertThat(channel.isOpen()).isTrue();
        send(RawFrame.data(0, 1, new byte[100 * 1024]));
        assertClosedWithProtocolError();
        assertThat(accepted.get(0).isOpen()).isFalse();
    }

    @Test
    void frameForAStreamNeverOpenedIsAProtocolError() {
        start();
        send(RawFrame.data(0, 5, "x".getBytes()));
        assertClosedWithProtocolError();
    }

    @Test
    void frameOnStreamZeroIsAProtocolError() {
        start();
        send(RawFrame.of(TYPE_WINDOW_UPDATE, FLAG_SYN, 0, 0));
        assertClosedWithProtocolError();
    }

    @Test
    void synWithOurParityIsAProtocolError() {
        start();
        send(RawFrame.of(TYPE_WINDOW_UPDATE, FLAG_SYN, 2, 0));
        assertClosedWithProtocolError();
    }

    @Test
    void duplicateSynIsAProtocolError() {
        start();
        send(RawFrame.of(TYPE_WINDOW_UPDATE, FLAG_SYN, 1, 0), RawFrame.of(TYPE_WINDOW_UPDATE, FLAG_SYN, 1, 0));
        assertClosedWithProtocolError();
    }

    @Test
    void dataAfterFinIsAProtocolError() {
        start();
        send(RawFrame.of(TYPE_WINDOW_UPDATE, FLAG_SYN, 1, 0));
        accepted.get(0).config().setOption(io.netty.channel.ChannelOption.ALLOW_HALF_CLOSURE, true);
        send(RawFrame.data(FLAG_FIN, 1, "a".getBytes()), RawFrame.data(0, 1, "b".getBytes()));
        assertClosedWithProtocolError();
    }

    @Test
    void dataForAStreamAlreadyResetIsIgnored() {
        start();
        send(RawFrame.data(FLAG_SYN, 1, "a".getBytes()));
        send(RawFrame.of(TYPE_WINDOW_UPDATE, FLAG_RST, 1, 0));
        assertThat(accepted.get(0).isOpen()).isFalse();
        assertThat(Recorder.of(accepted.get(0)).errors)
                .singleElement().isInstanceOf(YamuxStreamResetException.class);
        RawFrame.drain(channel);
        send(RawFrame.data(0, 1, "late".getBytes()), RawFrame.of(TYPE_WINDOW_UPDATE, 0, 1, 100));
        assertThat(channel.isOpen()).isTrue();
        assertThat(RawFrame.drain(channel)).isEmpty();
    }

    @Test
    void dataForAStreamWeClosedIsAnsweredWithRst() {
        start();
        send(RawFrame.data(FLAG_SYN, 1, "a".getBytes()));
        accepted.get(0).close();
        assertThat(RawFrame.drain(channel)).extracting(RawFrame::flags).containsExactly(FLAG_ACK, FLAG_FIN);
        send(RawFrame.data(0, 1, "more".getBytes()));
        assertThat(RawFrame.drain(channel)).singleElement().satisfies(f -> {
            assertThat(f.flags()).isEqualTo(FLAG_RST);
            assertThat(f.streamId()).isEqualTo(1);
        });
        assertThat(session.streamCount()).isZero();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void inboundStreamsBeyondTheLimitAreReset() {
        start(false, YamuxConfig.defaults().withMaxStreams(2));
        send(RawFrame.of(TYPE_WINDOW_UPDATE, FLAG_SYN, 1, 0), RawFrame.of(TYPE_WINDOW_UPDATE, FLAG_SYN, 3, 0),
                RawFrame.data(FLAG_SYN, 5, "rejected".getBytes()));
        assertThat(accepted).hasSize(2);
        assertThat(RawFrame.drain(channel)).extracting(RawFrame::streamId, RawFrame::flags)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, FLAG_ACK),
                        org.assertj.core.groups.Tuple.tuple(3, FLAG_ACK),
                        org.assertj.core.groups.Tuple.tuple(5, FLAG_RST));
        send(RawFrame.data(0, 5, "ignored".getBytes()));
        assertThat(channel.isOpen()).isTrue();
        assertThat(session.streamCount()).isEqualTo(2);
    }

    @Test
    void unacknowledgedStreamIsResetAfterTheOpenTimeout() {
        start(true, YamuxConfig.defaults().withStreamOpenTimeout(Duration.ofSeconds(5)));
        Recorder recorder = new Recorder();
        Channel stream = session.openStream(recorder).getNow();
        RawFrame.drain(channel);
        channel.advanceTimeBy(5, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(stream.isOpen()).isFalse();
        assertThat(recorder.errors).singleElement().isInstanceOf(YamuxStreamResetException.class);
        assertThat(RawFrame.drain(channel)).singleElement().satisfies(f -> {
            assertThat(f.flags()).isEqualTo(FLAG_RST);
            assertThat(f.streamId()).isEqualTo(1);
        });
        assertThat(session.streamCount()).isZero();
    }

    @Test
    void headersSplitAcrossReadsAreReassembled() {
        start();
        ByteBuf all = Unpooled.buffer();
        all.writeBytes(RawFrame.data(FLAG_SYN, 1, "split".getBytes()).encode());
        all.writeBytes(RawFrame.of(TYPE_PING, FLAG_SYN, 0, 9).encode());
        while (all.isReadable()) {
            channel.writeInbound(all.readRetainedSlice(1));
        }
        all.release();
        assertThat(Recorder.of(accepted.get(0)).received()).asString().isEqualTo("split");
        assertThat(RawFrame.drain(channel)).extracting(RawFrame::type).containsExactly(TYPE_WINDOW_UPDATE, TYPE_PING);
    }

    @Test
    void goAwayWithAnErrorCodeClosesTheSession() {
        start();
        send(RawFrame.of(TYPE_GO_AWAY, 0, 0, YamuxGoAway.INTERNAL_ERROR.code()));
        assertThat(channel.isOpen()).isFalse();
        assertThat(session.isRemoteGoAway()).isTrue();
    }

    @Test
    void windowUpdatesAreBatchedAtHalfTheWindow() {
        start();
        send(RawFrame.of(TYPE_WINDOW_UPDATE, FLAG_SYN, 1, 0));
        RawFrame.drain(channel);
        send(RawFrame.data(0, 1, new byte[100 * 1024]));
        assertThat(RawFrame.drain(channel)).as("100 KiB consumed: below half of 256 KiB").isEmpty();
        send(RawFrame.data(0, 1, new byte[50 * 1024]));
        assertThat(RawFrame.drain(channel)).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(TYPE_WINDOW_UPDATE);
            assertThat(f.streamId()).isEqualTo(1);
            assertThat(f.length()).isGreaterThanOrEqualTo(150 * 1024);
        });
    }

    @Test
    void pongIsDeferredNotDroppedWhileTheConnectionIsFull() {
        start();
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        send(RawFrame.of(TYPE_PING, FLAG_SYN, 0, 1), RawFrame.of(TYPE_PING, FLAG_SYN, 0, 2));
        assertThat(RawFrame.drain(channel)).isEmpty();
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        channel.runPendingTasks();
        assertThat(RawFrame.drain(channel)).singleElement().satisfies(f -> {
            assertThat(f.flags()).isEqualTo(FLAG_ACK);
            assertThat(f.length()).as("only the latest is kept").isEqualTo(2);
        });
    }
}

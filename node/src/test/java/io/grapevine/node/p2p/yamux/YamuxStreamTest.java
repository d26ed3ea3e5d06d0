package io.grapevine.node.p2p.yamux;

import static io.grapevine.node.p2p.yamux.EmbeddedPair.recorder;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.ChannelOutputShutdownEvent;
import io.netty.util.concurrent.Future;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stream behaviour between two sessions on EmbeddedChannels. */
class YamuxStreamTest {

    private EmbeddedPair pair;

    @AfterEach
    void tearDown() {
        if (pair != null) {
            pair.close();
        }
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    @Test
    void clientAndServerOpenStreamsWithTheirParityAndExchangeData() {
        pair = new EmbeddedPair(YamuxConfig.defaults());
        Recorder clientSide = new Recorder();
        Channel fromClient = pair.open(pair.clientSession, clientSide);
        Channel fromServer = pair.open(pair.serverSession, new Recorder());

        assertThat(((YamuxStream) fromClient).streamId()).isEqualTo(1);
        assertThat(((YamuxStream) fromServer).streamId()).isEqualTo(2);
        assertThat(fromClient.parent()).isSameAs(pair.client);
        assertThat(fromClient.metadata().hasDisconnect()).isFalse();
        Channel acceptedByServer = pair.acceptedByServer.poll();
        Channel acceptedByClient = pair.acceptedByClient.poll();
        assertThat(((YamuxStream) acceptedByServer).streamId()).isEqualTo(1);
        assertThat(((YamuxStream) acceptedByClient).streamId()).isEqualTo(2);

        fromClient.writeAndFlush(text("hello server"));
        acceptedByClient.writeAndFlush(text("hello from the client's side"));
        pair.pump();
        acceptedByServer.writeAndFlush(text("hello client"));
        pair.pump();

        assertThat(new String(recorder(acceptedByServer).received(), StandardCharsets.UTF_8)).isEqualTo("hello server");
        assertThat(new String(clientSide.received(), StandardCharsets.UTF_8)).isEqualTo("hello client");
        assertThat(new String(recorder(fromServer).received(), StandardCharsets.UTF_8))
                .isEqualTo("hello from the client's side");
    }

    @Test
    void dataMayBeWrittenBeforeTheAckArrives() {
        pair = new EmbeddedPair(YamuxConfig.defaults());
        Future<Channel> f = pair.clientSession.openStream(new Recorder());
        assertThat(f.isSuccess()).isTrue();
        ChannelFuture write = f.getNow().writeAndFlush(text("early"));
        assertThat(write.isSuccess()).isTrue();
        pair.pump();
        assertThat(recorder(pair.acceptedByServer.poll()).received()).asString().isEqualTo("early");
    }

    @Test
    void halfCloseDeliversInputShutdownAndTheOtherDirectionKeepsWorking() {
        pair = new EmbeddedPair(YamuxConfig.defaults(), ch -> { },
                ch -> ch.pipeline().addLast(new Recorder()).channel().config()
                        .setOption(ChannelOption.ALLOW_HALF_CLOSURE, true));
        Recorder clientSide = new Recorder();
        YamuxStream stream = (YamuxStream) pair.open(pair.clientSession, clientSide);
        stream.write(text("request"));
        ChannelFuture fin = stream.shutdownOutput();
        pair.pump();

        assertThat(fin.isSuccess()).isTrue();
        assertThat(stream.isOutputShutdown()).isTrue();
        assertThat(stream.isOpen()).isTrue();
        assertThat(clientSide.events).contains(ChannelOutputShutdownEvent.INSTANCE);
        assertThat(stream.writeAndFlush(text("too late")).cause()).isInstanceOf(ClosedChannelException.class);

        YamuxStream server = (YamuxStream) pair.acceptedByServer.poll();
        Recorder serverSide = recorder(server);
        assertThat(serverSide.received()).asString().isEqualTo("request");
        assertThat(serverSide.events).containsExactly(
                ChannelInputShutdownEvent.INSTANCE, ChannelInputShutdownReadComplete.INSTANCE);
        assertThat(server.isInputShutdown()).isTrue();
        assertThat(server.isOpen()).isTrue();

        server.writeAndFlush(text("response"));
        server.close();
        pair.pump();
        assertThat(clientSide.received()).asString().isEqualTo("response");
        assertThat(clientSide.events).contains(ChannelInputShutdownEvent.INSTANCE);
        assertThat(stream.isOpen()).as("both sides finished: the client stream is released").isFalse();
        assertThat(pair.clientSession.streamCount()).isZero();
        assertThat(pair.serverSession.streamCount()).isZero();
    }

    @Test
    void remoteFinClosesTheStreamUnlessHalfClosureIsAllowed() {
        pair = new EmbeddedPair(YamuxConfig.defaults());
        YamuxStream stream = (YamuxStream) pair.open(pair.clientSession, new Recorder());
        stream.shutdownOutput();
        pair.pump();
        Channel server = pair.acceptedByServer.poll();
        assertThat(recorder(server).events).contains(ChannelInputShutdownEvent.INSTANCE);
        assertThat(server.isOpen()).isFalse();
        assertThat(stream.isOpen()).as("the server's close sent FIN back").isFalse();
        assertThat(pair.clientSession.streamCount()).isZero();
        assertThat(pair.serverSession.streamCount()).isZero();
    }

    @Test
    void shutdownOutputSendsQueuedDataBeforeTheFin() {
        pair = new EmbeddedPair(YamuxConfig.defaults(), ch -> { },
                ch -> ch.pipeline().addLast(new Recorder()).channel().config().setAutoRead(false));
        YamuxStream stream = (YamuxStream) pair.open(pair.clientSession, new Recorder());
        byte[] big = new byte[600 * 1024];
        Arrays.fill(big, (byte) 7);
        stream.write(Unpooled.wrappedBuffer(big));
        ChannelFuture fin = stream.shutdownOutput();
        pair.pump();
        assertThat(fin.isDone()).as("window exhausted: FIN waits behind the data").isFalse();

        Channel server = pair.acceptedByServer.poll();
        for (int i = 0; i < 10 && !fin.isDone(); i++) {
            server.read();
            pair.pump();
        }
        assertThat(fin.isSuccess()).isTrue();
        // Each read() delivers what is queued by then; 600 KiB is about ten 64 KiB frames.
        for (int i = 0; i < 32 && !recorder(server).events.contains(ChannelInputShutdownEvent.INSTANCE); i++) {
            server.read();
            pair.pump();
        }
        assertThat(recorder(server).received()).isEqualTo(big);
        assertThat(recorder(server).events).contains(ChannelInputShutdownEvent.INSTANCE);
    }

    @Test
    void closeSendsFinAndIsReleasedWhenTheRemoteFinishes() {
        pair = new EmbeddedPair(YamuxConfig.defaults(), ch -> { },
                ch -> ch.pipeline().addLast(new Recorder()).channel().config()
                        .setOption(ChannelOption.ALLOW_HALF_CLOSURE, true));
        YamuxStream stream = (YamuxStream) pair.open(pair.clientSession, new Recorder());
        stream.close();
        pair.pump();
        assertThat(stream.isOpen()).isFalse();
        assertThat(pair.clientSession.streamCount()).as("waits for the remote FIN").isOne();
        Channel server = pair.acceptedByServer.poll();
        assertThat(recorder(server).events).contains(ChannelInputShutdownEvent.INSTANCE);
        server.close();
        pair.pump();
        assertThat(pair.clientSession.streamCount()).isZero();
        assertThat(pair.serverSession.streamCount()).isZero();
    }

    @Test
    void resetIsSeenByTheRemoteAsAnException() {
        pair = new EmbeddedPair(YamuxConfig.defaults());
        YamuxStream stream = (YamuxStream) pair.open(pair.clientSession, new Recorder());
        stream.writeAndFlush(text("x"));
        pair.pump();
        Channel server = pair.acceptedByServer.poll();
        stream.reset();
        pair.pump();
        assertThat(stream.isOpen()).isFalse();
        assertThat(server.isOpen()).isFalse();
        assertThat(recorder(server).errors).singleElement().isInstanceOf(YamuxStreamResetException.class);
        assertThat(pair.clientSession.streamCount()).isZero();
        assertThat(pair.serverSession.streamCount()).isZero();
    }

    @Test
    void closingTheSessionClosesItsStreams() {
        pair = new EmbeddedPair(YamuxConfig.defaults());
        Channel a = pair.open(pair.clientSession, new Recorder());
        Channel b = pair.open(pair.clientSession, new Recorder());
        pair.client.close();
        pair.pump();
        assertThat(a.isOpen()).isFalse();
        assertThat(b.isOpen()).isFalse();
        assertThat(pair.serverSession.isRemoteGoAway()).isTrue();
        assertThat(pair.clientSession.openStream(new Recorder()).cause()).isInstanceOf(YamuxException.class);
    }

    @Test
    void receivedGoAwayStopsNewStreamsButKeepsExistingOnes() {
        pair = new EmbeddedPair(YamuxConfig.defaults());
        Channel existing = pair.open(pair.clientSession, new Recorder());
        pair.server.writeOutbound(RawFrame.of(YamuxHeader.TYPE_GO_AWAY, 0, 0, 0).encode());
        pair.pump();
        assertThat(pair.clientSession.isRemoteGoAway()).isTrue();
        Future<Channel> refused = pair.clientSession.openStream(new Recorder());
        assertThat(refused.cause()).isInstanceOf(YamuxException.class).hasMessageContaining("GO_AWAY");
        existing.writeAndFlush(text("still fine"));
        pair.pump();
        assertThat(recorder(pair.acceptedByServer.poll()).received()).asString().isEqualTo("still fine");
    }

    @Test
    void autoReadOffQueuesDataAndReadDeliversIt() {
        pair = new EmbeddedPair(YamuxConfig.defaults(), ch -> { },
                ch -> ch.pipeline().addLast(new Recorder()).channel().config().setAutoRead(false));
        Channel stream = pair.open(pair.clientSession, new Recorder());
        stream.writeAndFlush(text("one"));
        pair.pump();
        stream.writeAndFlush(text("two"));
        pair.pump();
        Channel server = pair.acceptedByServer.poll();
        assertThat(recorder(server).reads).isZero();
        server.read();
        assertThat(recorder(server).received()).asString().isEqualTo("one");
        server.read();
        assertThat(recorder(server).received()).asString().isEqualTo("onetwo");
        assertThat(recorder(server).readCompletes).isEqualTo(2);
    }

    @Test
    void largerInitialWindowIsAnnouncedWithTheSynAndUsed() {
        YamuxConfig config = YamuxConfig.defaults().withReceiveWindow(1024 * 1024, 1024 * 1024);
        pair = new EmbeddedPair(config, ch -> { },
                ch -> ch.pipeline().addLast(new Recorder()).channel().config().setAutoRead(false));
        Channel stream = pair.open(pair.clientSession, new Recorder());
        stream.writeAndFlush(Unpooled.wrappedBuffer(new byte[2 * 1024 * 1024]));
        pair.pump();
        Channel server = pair.acceptedByServer.poll();
        YamuxStream serverStream = (YamuxStream) server;
        assertThat(serverStream.availableWindow()).as("the whole 1 MiB window was usable").isZero();
        assertThat(stream.isWritable()).isFalse();
        for (int i = 0; i < 100 && Recorder.of(server).received().length < 2 * 1024 * 1024; i++) {
            server.read();
            pair.pump();
        }
        assertThat(Recorder.of(server).received()).hasSize(2 * 1024 * 1024);
    }

    @Test
    void streamsStopDrainingWhileTheConnectionIsNotWritableAndResumeAfter() {
        pair = new EmbeddedPair(YamuxConfig.defaults());
        Channel stream = pair.open(pair.clientSession, new Recorder());
        pair.client.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        assertThat(pair.client.isWritable()).isFalse();
        ChannelFuture write = stream.writeAndFlush(Unpooled.wrappedBuffer(new byte[100_000]));
        assertThat((Object) pair.client.readOutbound()).as("nothing reaches the unwritable connection").isNull();
        assertThat(write.isDone()).isFalse();
        pair.client.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        pair.client.runPendingTasks();
        pair.pump();
        assertThat(write.isSuccess()).isTrue();
        assertThat(Recorder.of(pair.acceptedByServer.poll()).received()).hasSize(100_000);
    }
}

package io.grapevine.node.p2p.yamux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Sessions over a real loopback TCP connection: bulk echo, many streams, and memory bounds under a slow reader. */
class YamuxLoopbackTest {

    private static ChannelInitializer<Channel> echo() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new EchoHandler());
            }
        };
    }

    @Test
    void echoes64MiBByteExactOnOneStream() throws Exception {
        try (LoopbackPair pair = new LoopbackPair(YamuxConfig.defaults(), echo())) {
            long total = 64L * 1024 * 1024;
            PatternClient client = new PatternClient(total);
            pair.clientSession.openStream(client).sync();
            assertThat(client.done.get(60, TimeUnit.SECONDS)).isEqualTo(total);
            YamuxConfig c = YamuxConfig.defaults();
            assertThat(client.maxPendingOutbound).as("the writer only wrote while writable")
                    .isLessThanOrEqualTo(c.writeBufferWaterMark().high() + 64 * 1024 + 1024);
            await().atMost(Duration.ofSeconds(5)).until(() -> pair.clientSession.streamCount() == 0
                    && pair.serverSession.streamCount() == 0);
        }
    }

    @Test
    void echoesOnAHundredConcurrentStreams() throws Exception {
        try (LoopbackPair pair = new LoopbackPair(YamuxConfig.defaults(), echo())) {
            long each = 1024 * 1024;
            List<PatternClient> clients = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                PatternClient client = new PatternClient(each);
                clients.add(client);
                pair.clientSession.openStream(client).sync();
            }
            CompletableFuture.allOf(clients.stream().map(c -> c.done).toArray(CompletableFuture[]::new))
                    .get(60, TimeUnit.SECONDS);
            for (PatternClient c : clients) {
                assertThat(c.done.get()).isEqualTo(each);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> pair.serverSession.streamCount() == 0);
        }
    }

    @Test
    void slowReaderBoundsWhatTheSenderQueues() throws Exception {
        AtomicReference<Channel> serverStream = new AtomicReference<>();
        ChannelInitializer<Channel> paused = new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.config().setAutoRead(false);
                ch.pipeline().addLast(new Recorder());
                serverStream.set(ch);
            }
        };
        try (LoopbackPair pair = new LoopbackPair(YamuxConfig.defaults(), paused)) {
            long total = 16L * 1024 * 1024;
            PatternClient client = new PatternClient(total);
            Channel stream = pair.clientSession.openStream(client).sync().getNow();
            await().atMost(Duration.ofSeconds(10)).until(() -> serverStream.get() != null
                    && ((YamuxStream) serverStream.get()).availableWindow() == 0);
            Thread.sleep(200);
            long pending = stream.eventLoop().submit(
                    () -> stream.unsafe().outboundBuffer().totalPendingWriteBytes()).get();
            long connectionPending = pair.client.eventLoop().submit(
                    () -> pair.client.unsafe().outboundBuffer().totalPendingWriteBytes()).get();
            assertThat(stream.isWritable()).isFalse();
            assertThat(pending).as("queued in the stream while the window is exhausted")
                    .isLessThanOrEqualTo(YamuxConfig.defaults().writeBufferWaterMark().high() + 64 * 1024 + 1024);
            assertThat(client.maxPendingOutbound).isLessThanOrEqualTo(pending + 64 * 1024 + 1024);
            assertThat(connectionPending).as("nothing piles up on the connection either").isLessThan(64 * 1024);

            // Now the reader catches up and everything arrives.
            Channel reader = serverStream.get();
            reader.config().setAutoRead(true);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Recorder.of(reader).received().length == total);
        }
    }

    @Test
    void closingTheConnectionClosesStreamsOnBothSides() throws Exception {
        AtomicReference<Channel> serverStream = new AtomicReference<>();
        ChannelInitializer<Channel> keep = new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                serverStream.set(ch);
            }
        };
        try (LoopbackPair pair = new LoopbackPair(YamuxConfig.defaults(), keep)) {
            Channel stream = pair.clientSession.openStream(new Recorder()).sync().getNow();
            stream.writeAndFlush(Unpooled.wrappedBuffer(new byte[10])).sync();
            await().atMost(Duration.ofSeconds(5)).until(() -> serverStream.get() != null);
            pair.client.close().sync();
            stream.closeFuture().await(5, TimeUnit.SECONDS);
            serverStream.get().closeFuture().await(5, TimeUnit.SECONDS);
            assertThat(stream.isOpen()).isFalse();
            assertThat(serverStream.get().isOpen()).isFalse();
            assertThat(pair.serverSession.isRemoteGoAway()).isTrue();
        }
    }
}

package io.grapevine.node.p2p.ping;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PingClientTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final PingClient client = new PingClient(channel, Duration.ofSeconds(5));

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
    }

    @Test
    void completesWithTheRoundTripTimeWhenTheEchoMatches() throws Exception {
        CompletableFuture<Duration> rtt = client.ping();
        channel.runPendingTasks();
        ByteBuf sent = channel.readOutbound();
        assertThat(sent.readableBytes()).isEqualTo(32);
        // The echo arrives in two pieces; the ping completes only with the last one.
        channel.writeInbound(sent.retainedSlice(0, 7));
        assertThat(rtt).isNotDone();
        channel.writeInbound(sent.retainedSlice(7, 25));
        sent.release();
        assertThat(rtt.get(1, TimeUnit.SECONDS)).isPositive();
        assertThat(channel.isActive()).isTrue();
    }

    @Test
    void severalPingsOnOneStream() throws Exception {
        List<CompletableFuture<Duration>> pings = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pings.add(client.ping());
        }
        channel.runPendingTasks();
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ByteBuf sent = channel.readOutbound();
            payloads.add(ByteBufUtil.getBytes(sent));
            sent.release();
        }
        assertThat(payloads.get(0)).isNotEqualTo(payloads.get(1));
        for (int i = 0; i < 3; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(payloads.get(i)));
            assertThat(pings.get(i).get(1, TimeUnit.SECONDS)).isPositive();
        }
    }

    @Test
    void wrongEchoFailsAndClosesTheStream() {
        CompletableFuture<Duration> rtt = client.ping();
        channel.runPendingTasks();
        ByteBuf sent = channel.readOutbound();
        byte[] echo = ByteBufUtil.getBytes(sent);
        sent.release();
        echo[31] ^= 1;
        channel.writeInbound(Unpooled.wrappedBuffer(echo));
        assertThat(rtt).failsWithin(Duration.ofSeconds(1)).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(IOException.class).withMessageContaining("does not match");
        assertThat(channel.isOpen()).isFalse();
        assertThat(client.ping()).failsWithin(Duration.ofSeconds(1));
    }

    @Test
    void unsolicitedBytesCloseTheStream() {
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[32]));
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void timesOut() {
        CompletableFuture<Duration> rtt = client.ping();
        channel.runPendingTasks();
        ((ByteBuf) channel.readOutbound()).release();
        channel.advanceTimeBy(6, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(rtt).failsWithin(Duration.ofSeconds(1)).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(TimeoutException.class);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void remoteCloseFailsOutstandingPings() {
        CompletableFuture<Duration> rtt = client.ping();
        channel.runPendingTasks();
        ((ByteBuf) channel.readOutbound()).release();
        channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertThat(rtt).failsWithin(Duration.ofSeconds(1));
    }

    @Test
    void boundsPingsInFlight() {
        List<CompletableFuture<Duration>> pings = new ArrayList<>();
        for (int i = 0; i <= PingClient.MAX_OUTSTANDING; i++) {
            pings.add(client.ping());
        }
        channel.runPendingTasks();
        assertThat(pings.getLast()).failsWithin(Duration.ofSeconds(1));
        assertThat(pings.getFirst()).isNotDone();
        channel.releaseOutbound();
    }

    /** Client and responder over a real TCP connection on 127.0.0.1. */
    @Test
    void pingsOverLoopbackTcp() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new PingResponder(Duration.ofSeconds(5)));
                        }
                    })
                    .bind("127.0.0.1", 0).sync().channel();
            Channel stream = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                        }
                    })
                    .connect(server.localAddress()).sync().channel();
            PingClient tcpClient = new PingClient(stream, Duration.ofSeconds(5));
            List<Duration> rtts = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                rtts.add(tcpClient.ping().get(5, TimeUnit.SECONDS));
            }
            assertThat(rtts).allSatisfy(d -> assertThat(d).isPositive().isLessThan(Duration.ofSeconds(1)));
            System.out.println("loopback ping RTTs: " + rtts);
            tcpClient.close();
            stream.closeFuture().await(5, TimeUnit.SECONDS);
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}

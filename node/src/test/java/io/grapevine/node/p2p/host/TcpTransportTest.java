package io.grapevine.node.p2p.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class TcpTransportTest {
    private final TcpTransport transport = new TcpTransport(2);

    @AfterEach
    void close() {
        transport.close();
    }

    /** Echoes every buffer back. */
    static ChannelInitializer<Channel> echo() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ctx.writeAndFlush(msg);
                    }
                });
            }
        };
    }

    String roundTrip(InetSocketAddress bindAt) throws Exception {
        Channel server = transport.listen(bindAt, echo()).get(5, TimeUnit.SECONDS);
        try {
            CompletableFuture<String> reply = new CompletableFuture<>();
            InetSocketAddress bound = (InetSocketAddress) server.localAddress();
            assertThat(bound.getPort()).isPositive();
            Channel client = transport.dial(bound, new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ByteBuf buf = (ByteBuf) msg;
                    reply.complete(buf.toString(StandardCharsets.UTF_8));
                    buf.release();
                }
            }, Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS);
            assertThat(client.config().getOption(ChannelOption.TCP_NODELAY)).isTrue();
            client.writeAndFlush(Unpooled.copiedBuffer("ping", StandardCharsets.UTF_8));
            String answer = reply.get(5, TimeUnit.SECONDS);
            client.close().sync();
            return answer;
        } finally {
            server.close().sync();
        }
    }

    @Test
    void listensOnAFreePortAndCarriesBytesOverIpv4() throws Exception {
        assertThat(roundTrip(new InetSocketAddress("127.0.0.1", 0))).isEqualTo("ping");
    }

    @Test
    void carriesBytesOverIpv6() throws Exception {
        InetAddress loopback6 = InetAddress.getByName("::1");
        boolean ipv6 = false;
        try (ServerSocket probe = new ServerSocket(0, 1, loopback6)) {
            ipv6 = probe.getInetAddress() instanceof Inet6Address;
        } catch (java.io.IOException e) {
            // No IPv6 loopback on this machine.
        }
        Assumptions.assumeTrue(ipv6, "IPv6 loopback unavailable");
        assertThat(roundTrip(new InetSocketAddress(loopback6, 0))).isEqualTo("ping");
    }

    @Test
    void dialToAClosedPortFails() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CompletableFuture<Channel> dial = transport.dial(
                new InetSocketAddress("127.0.0.1", port), new ChannelInboundHandlerAdapter(), Duration.ofSeconds(2));
        assertThatThrownBy(() -> dial.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    }

    @Test
    void listeningTwiceOnOnePortFails() throws Exception {
        Channel server = transport.listen(new InetSocketAddress("127.0.0.1", 0), echo()).get(5, TimeUnit.SECONDS);
        try {
            CompletableFuture<Channel> again = transport.listen((InetSocketAddress) server.localAddress(), echo());
            assertThatThrownBy(() -> again.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        } finally {
            server.close().sync();
        }
    }
}

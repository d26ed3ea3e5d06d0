package io.grapevine.node.p2p.noise;

import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.identity.PeerId;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The handshake and transport over a real TCP connection on 127.0.0.1, both directions at once. */
class NoiseLoopbackTest {
    private static final int SIZE = 6 * 1024 * 1024 + 777;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());

    @AfterEach
    void shutDown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Collects plaintext until {@code expected} bytes arrived. */
    private static final class Collector extends ChannelInboundHandlerAdapter {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CompletableFuture<byte[]> done = new CompletableFuture<>();
        private final int expected;

        Collector(int expected) {
            this.expected = expected;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                if (bytes.size() + buf.readableBytes() > expected) {
                    done.completeExceptionally(new AssertionError("more bytes than were sent"));
                }
                buf.readBytes(bytes, buf.readableBytes());
                if (bytes.size() == expected) {
                    done.complete(bytes.toByteArray());
                }
            } catch (java.io.IOException e) {
                done.completeExceptionally(e);
            } finally {
                buf.release();
            }
        }
    }

    /** Adds the Noise handler; once secured, a collector for the peer's data, then sends our data. */
    private static void secure(Channel ch, NoiseHandshakeHandler noise, Collector collector, byte[] toSend) {
        noise.handshakeFuture().thenAccept(session -> {
            ch.pipeline().addLast(collector);
            ch.writeAndFlush(Unpooled.wrappedBuffer(toSend));
        });
        ch.pipeline().addLast(noise);
    }

    @Test
    void largeTransfersBothWaysAreByteExact() throws Exception {
        Ed25519PrivateKey serverKey = Ed25519PrivateKey.generate();
        Ed25519PrivateKey clientKey = Ed25519PrivateKey.generate();
        Random random = new Random(42);
        byte[] fromClient = new byte[SIZE];
        byte[] fromServer = new byte[SIZE + 1];
        random.nextBytes(fromClient);
        random.nextBytes(fromServer);
        Duration timeout = Duration.ofSeconds(20);

        NoiseHandshakeHandler serverNoise = new NoiseHandshakeHandler(serverKey, false, null, timeout);
        Collector atServer = new Collector(fromClient.length);
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        secure(ch, serverNoise, atServer, fromServer);
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        try {
            NoiseHandshakeHandler clientNoise = new NoiseHandshakeHandler(clientKey, true,
                    PeerId.fromPublicKey(serverKey.publicKey()), timeout);
            Collector atClient = new Collector(fromServer.length);
            Channel client = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            secure(ch, clientNoise, atClient, fromClient);
                        }
                    })
                    .connect(server.localAddress()).sync().channel();

            assertThat(clientNoise.handshakeFuture().get(10, TimeUnit.SECONDS).remotePeer())
                    .isEqualTo(PeerId.fromPublicKey(serverKey.publicKey()));
            assertThat(serverNoise.handshakeFuture().get(10, TimeUnit.SECONDS).remotePeer())
                    .isEqualTo(PeerId.fromPublicKey(clientKey.publicKey()));
            assertThat(atServer.done.get(30, TimeUnit.SECONDS)).isEqualTo(fromClient);
            assertThat(atClient.done.get(30, TimeUnit.SECONDS)).isEqualTo(fromServer);
            client.close().sync();
        } finally {
            server.close().sync();
        }
    }
}

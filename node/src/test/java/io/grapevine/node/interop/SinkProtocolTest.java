package io.grapevine.node.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The one-way sink responder and client over a plain TCP connection (half-closable like a Yamux stream). */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class SinkProtocolTest {

    private static EventLoopGroup group;

    @BeforeAll
    static void startGroup() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stopGroup() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void countsEveryByteAndRepliesAfterTheFin() throws Exception {
        assertThat(sink(SinkProtocol::install, 8L << 20).get(30, TimeUnit.SECONDS)).isPositive();
    }

    @Test
    void sinksAnEmptyStream() throws Exception {
        assertThat(sink(SinkProtocol::install, 0).get(30, TimeUnit.SECONDS)).isPositive();
    }

    @Test
    void clientRejectsAChecksumOfChangedBytes() {
        assertFails(sink(ch -> ch.pipeline().addLast(new Corrupting(), new SinkProtocol()), 1L << 20), "CRC-32");
    }

    @Test
    void clientRejectsAWrongCount() {
        assertFails(sink(ch -> ch.pipeline().addLast(new Dropping(), new SinkProtocol()), 1L << 20), "counted");
    }

    @Test
    void clientRejectsAStreamClosedWithoutReply() {
        assertFails(sink(ch -> ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                ctx.close();
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ((ByteBuf) msg).release();
            }
        }), 1L << 20), "replied 0 of 12");
    }

    private static void assertFails(CompletableFuture<Long> done, String reason) {
        assertThatThrownBy(() -> done.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(IOException.class).hasMessageContaining(reason);
    }

    /** Serves one connection with {@code responder}, sends {@code length} bytes with a SinkClient. */
    private static CompletableFuture<Long> sink(Consumer<Channel> responder, long length) {
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
                        responder.accept(ch);
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
        CompletableFuture<Long> done = new CompletableFuture<>();
        new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        SinkClient.start(ch, length, 5).whenComplete((n, e) -> {
                            if (e != null) {
                                done.completeExceptionally(e);
                            } else {
                                done.complete(n);
                            }
                        });
                    }
                })
                .connect(server.localAddress());
        done.whenComplete((n, e) -> server.close());
        return done;
    }

    /** Flips one bit of the first byte it passes on. */
    private static final class Corrupting extends ChannelInboundHandlerAdapter {
        private boolean done;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            if (!done && buf.isReadable()) {
                buf.setByte(buf.readerIndex(), buf.getByte(buf.readerIndex()) ^ 1);
                done = true;
            }
            ctx.fireChannelRead(buf);
        }
    }

    /** Drops the first buffer it reads, so the count comes up short. */
    private static final class Dropping extends ChannelInboundHandlerAdapter {
        private boolean done;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!done && ((ByteBuf) msg).isReadable()) {
                done = true;
                ((ByteBuf) msg).release();
                return;
            }
            ctx.fireChannelRead(msg);
        }
    }
}

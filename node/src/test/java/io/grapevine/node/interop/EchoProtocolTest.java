package io.grapevine.node.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The echo responder and client over a plain TCP connection (half-closable like a Yamux stream). */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class EchoProtocolTest {

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
    void echoesEveryByteThenClosesAfterTheRemoteFin() throws Exception {
        assertThat(echo(EchoProtocol::install, 8L << 20).get(30, TimeUnit.SECONDS)).isEqualTo(8L << 20);
    }

    @Test
    void echoesAnEmptyStream() throws Exception {
        assertThat(echo(EchoProtocol::install, 0).get(30, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void clientRejectsAChangedByte() {
        assertFails(echo(ch -> ch.pipeline().addLast(new Corrupting(), new EchoProtocol()), 1L << 20), "differ");
    }

    @Test
    void clientRejectsExtraBytes() {
        assertFails(echo(ch -> ch.pipeline().addLast(new Appending(), new EchoProtocol()), 1L << 20), "more than");
    }

    @Test
    void clientRejectsAStreamClosedEarly() {
        assertFails(echo(ch -> ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ((ByteBuf) msg).release();
                ctx.close();
            }
        }), 1L << 20), "");
    }

    /** Fails with an IOException whose message has {@code reason} (a closed stream may also surface as a broken pipe). */
    private static void assertFails(CompletableFuture<Long> done, String reason) {
        assertThatThrownBy(() -> done.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(java.io.IOException.class).hasMessageContaining(reason);
    }

    /** Serves one connection with {@code responder}, echoes {@code length} bytes with an EchoClient. */
    private static CompletableFuture<Long> echo(Consumer<Channel> responder, long length) {
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.config().setOption(io.netty.channel.ChannelOption.ALLOW_HALF_CLOSURE, true);
                        responder.accept(ch);
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
        CompletableFuture<Long> done = new CompletableFuture<>();
        new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        EchoClient.start(ch, length, 3).whenComplete((n, e) -> {
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

    /** Echoes, then adds one byte before its FIN. */
    private static final class Appending extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == ChannelInputShutdownEvent.INSTANCE) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {42}));
            }
            ctx.fireUserEventTriggered(evt);
        }
    }
}

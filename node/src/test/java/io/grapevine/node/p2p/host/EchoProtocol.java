package io.grapevine.node.p2p.host;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;

/** A test-only protocol: the responder echoes bytes until the dialler half-closes, then half-closes too. */
final class EchoProtocol {
    static final String ID = "/grapevine-test/echo/1.0.0";

    private EchoProtocol() {}

    static final StreamHandler RESPONDER = stream -> stream.channel().pipeline().addLast(
            new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ctx.writeAndFlush(msg);
                }

                @Override
                public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                    if (evt instanceof ChannelInputShutdownEvent) {
                        ((DuplexChannel) ctx.channel()).shutdownOutput();
                    }
                    ctx.fireUserEventTriggered(evt);
                }
            });

    /** Collects what the remote sends until it half-closes; the stream is then closed. */
    static final class Collector extends ChannelInboundHandlerAdapter {
        final CompletableFuture<byte[]> received = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                buf.readBytes(bytes, buf.readableBytes());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            } finally {
                buf.release();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                received.complete(bytes.toByteArray());
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            received.completeExceptionally(new java.io.IOException("stream closed after "
                    + bytes.size() + " bytes"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            received.completeExceptionally(cause);
            ctx.close();
        }
    }

    /** Dials {@code address} first, then exchanges as below. */
    static CompletableFuture<byte[]> exchange(
            Host from, io.grapevine.node.identity.PeerId to, byte[] payload, io.grapevine.node.multiformats.Multiaddr address) {
        return from.dial(address).thenCompose(c -> exchange(from, to, payload));
    }

    /** Sends {@code payload} on an echo stream and completes with what came back. */
    static CompletableFuture<byte[]> exchange(Host from, io.grapevine.node.identity.PeerId to, byte[] payload) {
        Collector collector = new Collector();
        return from.newStream(to, java.util.List.of(ID), stream -> stream.channel().pipeline().addLast(collector))
                .thenCompose(stream -> {
                    int chunk = 16 * 1024;
                    for (int off = 0; off < payload.length; off += chunk) {
                        stream.channel().write(Unpooled.wrappedBuffer(payload, off,
                                Math.min(chunk, payload.length - off)));
                    }
                    stream.channel().flush();
                    ((DuplexChannel) stream.channel()).shutdownOutput();
                    return collector.received;
                });
    }
}

package io.grapevine.node.p2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.concurrent.CompletableFuture;

/**
 * Writes {@code total} bytes of a position-dependent pattern as fast as writability allows, then FINs; verifies that
 * what comes back is the same pattern, byte for byte, and completes with the count at the remote FIN.
 */
final class PatternClient extends ChannelInboundHandlerAdapter {
    private static final int CHUNK = 64 * 1024;
    final CompletableFuture<Long> done = new CompletableFuture<>();
    private final long total;
    private long written;
    private long received;
    volatile long maxPendingOutbound;

    PatternClient(long total) {
        this.total = total;
    }

    static byte at(long position) {
        return (byte) ((position * 0x9E3779B97F4A7C15L) >>> 56);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        writeMore(ctx.channel());
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        writeMore(ctx.channel());
    }

    private void writeMore(Channel ch) {
        if (written == total) {
            return;
        }
        while (written < total && ch.isWritable()) {
            int n = (int) Math.min(CHUNK, total - written);
            byte[] bytes = new byte[n];
            for (int i = 0; i < n; i++) {
                bytes[i] = at(written + i);
            }
            ByteBuf buf = ch.alloc().buffer(n).writeBytes(bytes);
            written += n;
            ch.write(buf);
            ChannelOutboundBuffer out = ch.unsafe().outboundBuffer();
            if (out != null) {
                maxPendingOutbound = Math.max(maxPendingOutbound, out.totalPendingWriteBytes());
            }
        }
        ch.flush();
        if (written == total) {
            ((YamuxStream) ch).shutdownOutput();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            for (byte b : bytes) {
                if (b != at(received)) {
                    done.completeExceptionally(new AssertionError("mismatch at byte " + received));
                    ctx.close();
                    return;
                }
                received++;
            }
        } finally {
            buf.release();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE) {
            done.complete(received);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        done.completeExceptionally(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        done.completeExceptionally(new AssertionError("closed after " + received + " bytes"));
    }
}

package io.grapevine.node.interop;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;

/**
 * Initiator side of {@value SinkProtocol#ID}: sends {@code length} pseudo-random bytes (the same pattern as
 * {@link EchoClient}) as fast as writability allows, closes its write side, and checks the responder's reply (byte
 * count and CRC-32) against what it sent. {@link #done()} completes with the nanoseconds from the first byte written
 * to the verified reply, or fails on a wrong, short or missing reply.
 */
public final class SinkClient extends ChannelInboundHandlerAdapter {

    private static final int CHUNK = 64 * 1024;

    private final long length;
    private final int offset;
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    private final CRC32 sentCrc = new CRC32();
    private ByteBuf reply;
    private long started;
    private long sent;
    private boolean closingOutput;

    /** {@code index} shifts the pattern so concurrent streams carry different bytes. */
    public SinkClient(long length, int index) {
        if (length < 0) {
            throw new IllegalArgumentException("length " + length);
        }
        this.length = length;
        this.offset = Math.floorMod(index * 7919, EchoClient.PATTERN.length);
    }

    /** Prepares a freshly negotiated stream channel and starts sending on it. */
    public static CompletableFuture<Long> start(Channel stream, long length, int index) {
        SinkClient client = new SinkClient(length, index);
        stream.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        stream.pipeline().addLast("sink-client", client);
        return client.done;
    }

    public CompletableFuture<Long> done() {
        return done;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        reply = ctx.alloc().heapBuffer(SinkProtocol.REPLY_LENGTH, SinkProtocol.REPLY_LENGTH);
        if (ctx.channel().isActive()) {
            send(ctx);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        reply.release();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        send(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        send(ctx);
        ctx.fireChannelWritabilityChanged();
    }

    private void send(ChannelHandlerContext ctx) {
        if (closingOutput) {
            return;
        }
        if (started == 0) {
            started = System.nanoTime();
        }
        byte[] pattern = EchoClient.PATTERN;
        while (sent < length && ctx.channel().isWritable()) {
            int start = (int) ((offset + sent) % pattern.length);
            int n = (int) Math.min(Math.min(CHUNK, length - sent), pattern.length - start);
            // Count before writing: a write can re-enter send() through a writability change.
            sent += n;
            sentCrc.update(pattern, start, n);
            ctx.write(Unpooled.wrappedBuffer(pattern, start, n)).addListener(failOnError());
        }
        if (sent == length) {
            closingOutput = true;
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER)
                    .addListener((ChannelFutureListener) f -> EchoProtocol.closeOutput(ctx.channel()));
        } else {
            ctx.flush();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            ByteBuf buf = (ByteBuf) msg;
            if (buf.readableBytes() > reply.writableBytes()) {
                fail(ctx, new IOException("sink reply longer than " + SinkProtocol.REPLY_LENGTH + " bytes"));
                return;
            }
            reply.writeBytes(buf);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE) {
            finish(ctx);
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        finish(ctx);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause);
    }

    private void finish(ChannelHandlerContext ctx) {
        if (done.isDone()) {
            return;
        }
        long elapsed = System.nanoTime() - started;
        if (reply.readableBytes() != SinkProtocol.REPLY_LENGTH) {
            fail(ctx, new IOException("sink replied " + reply.readableBytes() + " of " + SinkProtocol.REPLY_LENGTH
                    + " bytes"));
            return;
        }
        long count = reply.getLong(0);
        int crc = reply.getInt(8);
        if (sent != length || count != length) {
            fail(ctx, new IOException("sink counted " + count + " of the " + length + " bytes sent"));
        } else if (crc != (int) sentCrc.getValue()) {
            fail(ctx, new IOException(String.format("sink CRC-32 %08x, sent %08x", crc, (int) sentCrc.getValue())));
        } else {
            done.complete(elapsed);
            ctx.close();
        }
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        done.completeExceptionally(cause);
        ctx.close();
    }

    private ChannelFutureListener failOnError() {
        return f -> {
            if (!f.isSuccess()) {
                done.completeExceptionally(f.cause());
            }
        };
    }
}

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
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * Initiator side of {@value EchoProtocol#ID}: sends {@code length} pseudo-random bytes as fast as the stream's
 * writability allows, closes its write side, and checks that exactly those bytes come back before the remote's FIN.
 * {@link #done()} completes with the byte count, or fails on the first wrong, missing or extra byte.
 */
public final class EchoClient extends ChannelInboundHandlerAdapter {

    private static final int CHUNK = 64 * 1024;
    /** Sent bytes come from one random pattern; an odd length keeps chunk and pattern boundaries out of step. */
    static final byte[] PATTERN = new byte[(1 << 20) + 17];

    static {
        new SecureRandom().nextBytes(PATTERN);
    }

    private final long length;
    private final int offset;
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    private final byte[] scratch = new byte[CHUNK];
    private long sent;
    private long received;
    private boolean closingOutput;

    /** {@code index} shifts the pattern so concurrent streams carry different bytes. */
    public EchoClient(long length, int index) {
        if (length < 0) {
            throw new IllegalArgumentException("length " + length);
        }
        this.length = length;
        this.offset = Math.floorMod(index * 7919, PATTERN.length);
    }

    /** Prepares a freshly negotiated stream channel and starts the echo on it. */
    public static CompletableFuture<Long> start(Channel stream, long length, int index) {
        EchoClient client = new EchoClient(length, index);
        stream.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        stream.pipeline().addLast("echo-client", client);
        return client.done;
    }

    public CompletableFuture<Long> done() {
        return done;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            send(ctx);
        }
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
        while (sent < length && ctx.channel().isWritable()) {
            int start = (int) ((offset + sent) % PATTERN.length);
            int n = (int) Math.min(Math.min(CHUNK, length - sent), PATTERN.length - start);
            // Count before writing: a write can re-enter send() through a writability change.
            sent += n;
            ctx.write(Unpooled.wrappedBuffer(PATTERN, start, n)).addListener(failOnError());
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
            if (received + buf.readableBytes() > length) {
                fail(ctx, new IOException("echoed more than the " + length + " bytes sent"));
                return;
            }
            for (int at = buf.readerIndex(); at < buf.writerIndex(); ) {
                int start = (int) ((offset + received) % PATTERN.length);
                int n = Math.min(Math.min(buf.writerIndex() - at, CHUNK), PATTERN.length - start);
                buf.getBytes(at, scratch, 0, n);
                int mismatch = Arrays.mismatch(scratch, 0, n, PATTERN, start, start + n);
                if (mismatch >= 0) {
                    fail(ctx, new IOException("echoed bytes differ at offset " + (received + mismatch)));
                    return;
                }
                at += n;
                received += n;
            }
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
        if (received == length && sent == length) {
            done.complete(received);
            ctx.close();
        } else {
            fail(ctx, new IOException("stream ended after " + received + " of " + length + " echoed bytes"));
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

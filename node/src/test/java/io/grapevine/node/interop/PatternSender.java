package io.grapevine.node.interop;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;

/**
 * The initiator half shared by the echo and sink clients: sends {@code length} pseudo-random bytes as fast as the
 * stream's writability allows, then closes its write side; subclasses check what comes back and complete
 * {@link #done()} from {@link #finish} once the remote's FIN (or the end of the stream) arrives.
 */
abstract class PatternSender extends ChannelInboundHandlerAdapter {

    static final int CHUNK = 64 * 1024;
    /** Sent bytes come from one random pattern; an odd length keeps chunk and pattern boundaries out of step. */
    static final byte[] PATTERN = new byte[(1 << 20) + 17];

    static {
        new SecureRandom().nextBytes(PATTERN);
    }

    final long length;
    final int offset;
    final CompletableFuture<Long> done = new CompletableFuture<>();
    long sent;
    private boolean closingOutput;

    /** {@code index} shifts the pattern so concurrent streams carry different bytes. */
    PatternSender(long length, int index) {
        if (length < 0) {
            throw new IllegalArgumentException("length " + length);
        }
        this.length = length;
        this.offset = Math.floorMod(index * 7919, PATTERN.length);
    }

    /** Prepares a freshly negotiated stream channel and starts sending on it. */
    static <T extends PatternSender> CompletableFuture<Long> start(Channel stream, String name, T client) {
        stream.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        stream.pipeline().addLast(name, client);
        return client.done;
    }

    public CompletableFuture<Long> done() {
        return done;
    }

    /** Called with each piece of the pattern just before it is written. */
    void sending(int start, int n) {
    }

    /** The remote finished (FIN or closed stream): check what came back and complete {@link #done}. */
    abstract void finish(ChannelHandlerContext ctx);

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
            sending(start, n);
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

    void fail(ChannelHandlerContext ctx, Throwable cause) {
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

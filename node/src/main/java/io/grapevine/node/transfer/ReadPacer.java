package io.grapevine.node.transfer;

import io.grapevine.node.identity.PeerId;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Download limit on one stream: counts the bytes passed on and, while the limiter is in debt, stops reading and holds
 * what still arrives. Yamux then stops granting window to the sender, so the peer slows down; what was already in
 * flight (at most the stream's receive window) waits here, in order with the stream's events, instead of reaching
 * the decoder early. First in the pipeline.
 */
public final class ReadPacer extends ChannelInboundHandlerAdapter {
    private final RateLimiter limiter;
    private final PeerId peer;
    /** Reads and user events that arrived while paused; bounded by the stream's receive window. */
    private final ArrayDeque<Object> held = new ArrayDeque<>();
    private boolean paused;

    public ReadPacer(RateLimiter limiter, PeerId peer) {
        this.limiter = limiter;
        this.peer = peer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (paused || !held.isEmpty()) {
            held.add(new Read(msg));
            return;
        }
        deliver(ctx, msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        // A FIN (input shutdown) must not overtake the bytes held before it.
        if (paused || !held.isEmpty()) {
            held.add(evt);
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (held.isEmpty()) ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // The stream is gone: hand over what it delivered, unpaced, then say so.
        paused = false;
        drain(ctx, false);
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        while (!held.isEmpty()) {
            if (held.poll() instanceof Read read) ReferenceCountUtil.release(read.msg());
        }
    }

    private void deliver(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) limiter.take(peer, buf.readableBytes());
        ctx.fireChannelRead(msg);
        pace(ctx);
    }

    private void pace(ChannelHandlerContext ctx) {
        if (paused || !ctx.channel().isActive()) return;
        long delay = limiter.delayNanos(peer);
        if (delay > 0) {
            paused = true;
            ctx.channel().config().setAutoRead(false);
            ctx.executor().schedule(() -> resume(ctx), delay, TimeUnit.NANOSECONDS);
        }
    }

    private void resume(ChannelHandlerContext ctx) {
        if (!paused) return;
        paused = false;
        if (limiter.delayNanos(peer) > 0) {
            pace(ctx);
            return;
        }
        drain(ctx, true);
        if (!paused && ctx.channel().isActive()) {
            ctx.fireChannelReadComplete();
            ctx.channel().config().setAutoRead(true);
            ctx.read();
        }
    }

    /** Passes held items on in order; when {@code paced}, stops as soon as the limiter is in debt again. */
    private void drain(ChannelHandlerContext ctx, boolean paced) {
        while (!held.isEmpty() && !(paced && paused)) {
            Object item = held.poll();
            if (item instanceof Read read) {
                if (paced) {
                    deliver(ctx, read.msg());
                } else {
                    if (read.msg() instanceof ByteBuf buf) limiter.take(peer, buf.readableBytes());
                    ctx.fireChannelRead(read.msg());
                }
            } else {
                ctx.fireUserEventTriggered(item);
            }
        }
    }

    /** A held read, told apart from a held user event. */
    private record Read(Object msg) {}
}

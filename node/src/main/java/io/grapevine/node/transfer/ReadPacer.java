package io.grapevine.node.transfer;

import io.grapevine.node.identity.PeerId;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Download limit on one stream: counts the bytes read and, while the limiter is in debt, stops reading. Yamux then
 * stops granting window to the sender, so the peer slows down instead of us buffering. First in the pipeline.
 */
public final class ReadPacer extends ChannelInboundHandlerAdapter {
    private final RateLimiter limiter;
    private final PeerId peer;
    private boolean paused;
    /**
     * Reads that arrived while in debt (the stream hands over what it already buffered even with autoRead off),
     * delivered when the debt is repaid; bounded by the Yamux window the sender was granted. Events keep their place.
     */
    private final ArrayDeque<Object> held = new ArrayDeque<>();

    private record HeldEvent(Object event) {
    }

    public ReadPacer(RateLimiter limiter, PeerId peer) {
        this.limiter = limiter;
        this.peer = peer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (paused || !held.isEmpty()) {
            held.add(msg);
            return;
        }
        deliver(ctx, msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!held.isEmpty()) {
            held.add(new HeldEvent(evt));
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // Closed: pacing no longer matters; hand over what was held, in order, then the close.
        drain(ctx, true);
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        for (Object o : held) {
            ReferenceCountUtil.release(o);
        }
        held.clear();
    }

    private void deliver(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HeldEvent e) {
            ctx.fireUserEventTriggered(e.event());
            return;
        }
        if (msg instanceof ByteBuf buf) {
            limiter.take(peer, buf.readableBytes());
        }
        ctx.fireChannelRead(msg);
        pace(ctx);
    }

    private void drain(ChannelHandlerContext ctx, boolean all) {
        while (!held.isEmpty() && (all || !paused)) {
            deliver(ctx, held.poll());
        }
    }

    private void pace(ChannelHandlerContext ctx) {
        if (paused || !ctx.channel().isActive()) {
            return;
        }
        long delay = limiter.delayNanos(peer);
        if (delay > 0) {
            paused = true;
            ctx.channel().config().setAutoRead(false);
            ctx.executor().schedule(() -> {
                paused = false;
                if (limiter.delayNanos(peer) > 0) {
                    pace(ctx);
                    return;
                }
                drain(ctx, false);
                if (!paused) {
                    ctx.channel().config().setAutoRead(true);
                    ctx.read();
                }
            }, delay, TimeUnit.NANOSECONDS);
        }
    }
}

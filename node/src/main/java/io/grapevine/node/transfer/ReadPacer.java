package io.grapevine.node.transfer;

import io.grapevine.node.identity.PeerId;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;

/**
 * Download limit on one stream: counts the bytes read and, while the limiter is in debt, stops reading. Yamux then
 * stops granting window to the sender, so the peer slows down instead of us buffering. First in the pipeline.
 */
public final class ReadPacer extends ChannelInboundHandlerAdapter {
    private final RateLimiter limiter;
    private final PeerId peer;
    private boolean paused;

    public ReadPacer(RateLimiter limiter, PeerId peer) {
        this.limiter = limiter;
        this.peer = peer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            limiter.take(peer, buf.readableBytes());
        }
        ctx.fireChannelRead(msg);
        pace(ctx);
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
                ctx.channel().config().setAutoRead(true);
                ctx.read();
            }, delay, TimeUnit.NANOSECONDS);
        }
    }
}

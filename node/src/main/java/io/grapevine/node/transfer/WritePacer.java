package io.grapevine.node.transfer;

import io.grapevine.node.identity.PeerId;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * Upload limit on one stream: writes pass while the limiter is not in debt, else wait in order until it is. The
 * queue is bounded by the responder, which writes at most a few MiB ahead of completed writes (their promises
 * complete only once they pass here). First in the pipeline, so it paces everything the stream sends.
 */
public final class WritePacer extends ChannelDuplexHandler {
    private record Pending(Object msg, ChannelPromise promise, boolean flush) {
    }

    private final RateLimiter limiter;
    private final PeerId peer;
    private final Queue<Pending> queue = new ArrayDeque<>();
    private boolean scheduled;

    public WritePacer(RateLimiter limiter, PeerId peer) {
        this.limiter = limiter;
        this.peer = peer;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        queue.add(new Pending(msg, promise, false));
        drain(ctx);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (queue.isEmpty()) {
            ctx.flush();
        } else {
            queue.add(new Pending(null, null, true));
        }
    }

    private void drain(ChannelHandlerContext ctx) {
        while (!queue.isEmpty() && !scheduled) {
            Pending head = queue.peek();
            if (head.flush()) {
                queue.poll();
                ctx.flush();
                continue;
            }
            long delay = limiter.delayNanos(peer);
            if (delay > 0) {
                scheduled = true;
                ctx.flush(); // what already passed must not wait for the next flush
                ctx.executor().schedule(() -> {
                    scheduled = false;
                    drain(ctx);
                }, delay, TimeUnit.NANOSECONDS);
                return;
            }
            queue.poll();
            if (head.msg() instanceof ByteBuf buf) {
                limiter.take(peer, buf.readableBytes());
            }
            ctx.write(head.msg(), head.promise());
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        failPending(new IllegalStateException("stream closed"));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        failPending(new IllegalStateException("stream closed"));
        ctx.fireChannelInactive();
    }

    private void failPending(Throwable cause) {
        for (Pending p; (p = queue.poll()) != null; ) {
            if (p.msg() != null) {
                ReferenceCountUtil.release(p.msg());
                p.promise().tryFailure(cause);
            }
        }
    }
}

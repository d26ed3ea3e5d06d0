package io.grapevine.node.pubsub.gossipsub;

import io.grapevine.node.identity.PeerId;
import io.grapevine.node.p2p.yamux.YamuxStream;
import io.grapevine.node.pubsub.rpc.proto.RPC;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a peer's decoded RPCs to the router, all those of one read as one task (one hand-over and one wake-up of
 * the router per read, not per RPC). Stops reading while {@code maxQueued} RPCs wait for the router, so a fast
 * sender meets Yamux flow control instead of filling our memory, and resumes only once half of them are done:
 * resuming at the first one done toggled reading (a task and a wake-up of the event loop) for every RPC while a
 * fast sender kept the queue full.
 */
final class InboundRpcHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(InboundRpcHandler.class);

    /** Where the RPCs go: the router's {@code receive}, which runs {@code done} once it has processed them. */
    @FunctionalInterface
    interface Receiver {
        void receive(PeerId from, List<RPC> rpcs, Runnable done);
    }

    private final Receiver router;
    private final PeerId peer;
    private final int maxQueued;
    private final int resumeAt;
    /** RPCs read and not yet processed by the router, those of {@link #batch} included. */
    private final AtomicInteger queued = new AtomicInteger();
    /** RPCs of the current read, handed over at its end (event loop only). */
    private List<RPC> batch = new ArrayList<>();

    InboundRpcHandler(Receiver router, PeerId peer, int maxQueued) {
        this.router = router;
        this.peer = peer;
        this.maxQueued = maxQueued;
        this.resumeAt = maxQueued / 2;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof RPC rpc)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        batch.add(rpc);
        if (queued.incrementAndGet() >= maxQueued) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        handOver(ctx);
        ctx.fireChannelReadComplete();
    }

    private void handOver(ChannelHandlerContext ctx) {
        if (batch.isEmpty()) {
            return;
        }
        List<RPC> rpcs = batch;
        batch = new ArrayList<>();
        router.receive(peer, rpcs, () -> {
            int left = queued.addAndGet(-rpcs.size());
            if (left <= resumeAt && left + rpcs.size() > resumeAt) {
                // Crossed the resume mark: the decision is taken on the event loop, where reading was paused,
                // so a pause that races with this check is always seen by it.
                try {
                    ctx.executor().execute(() -> resumeIfDrained(ctx));
                } catch (RejectedExecutionException e) {
                    // the connection's event loop has stopped: nothing left to resume
                }
            }
        });
    }

    private void resumeIfDrained(ChannelHandlerContext ctx) {
        if (queued.get() <= resumeAt && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ChannelInputShutdownEvent) {
            handOver(ctx);
            ctx.close();
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        handOver(ctx);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // The RPCs before a bad one were well formed: they still count. Framing is lost after it: reset, so the
        // sender learns at once that nothing more is read.
        handOver(ctx);
        log.debug("resetting pubsub stream from {}: {}", peer, cause.toString());
        if (ctx.channel() instanceof YamuxStream stream) {
            stream.reset();
        } else {
            ctx.close();
        }
    }
}

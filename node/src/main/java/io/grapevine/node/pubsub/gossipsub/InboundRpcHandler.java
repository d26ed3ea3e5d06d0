package io.grapevine.node.pubsub.gossipsub;

import io.grapevine.node.identity.PeerId;
import io.grapevine.node.p2p.yamux.YamuxStream;
import io.grapevine.node.pubsub.rpc.proto.RPC;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a peer's decoded RPCs to the router. Stops reading while {@code maxQueued} RPCs wait for the router, so a
 * fast sender meets Yamux flow control instead of filling our memory.
 */
final class InboundRpcHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(InboundRpcHandler.class);

    private final GossipsubRouter router;
    private final PeerId peer;
    private final int maxQueued;
    private final AtomicInteger queued = new AtomicInteger();

    InboundRpcHandler(GossipsubRouter router, PeerId peer, int maxQueued) {
        this.router = router;
        this.peer = peer;
        this.maxQueued = maxQueued;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof RPC rpc)) {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        if (queued.incrementAndGet() >= maxQueued) {
            ctx.channel().config().setAutoRead(false);
        }
        router.receive(peer, rpc, () -> {
            if (queued.decrementAndGet() < maxQueued && !ctx.channel().config().isAutoRead()) {
                ctx.channel().config().setAutoRead(true);
            }
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ChannelInputShutdownEvent) {
            ctx.close();
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Framing is lost after a bad RPC: reset, so the sender learns at once that nothing more is read.
        log.debug("resetting pubsub stream from {}: {}", peer, cause.toString());
        if (ctx.channel() instanceof YamuxStream stream) {
            stream.reset();
        } else {
            ctx.close();
        }
    }
}

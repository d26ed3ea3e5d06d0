package io.grapevine.node.p2p.identify;

import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.multiformats.Varint;
import io.grapevine.node.p2p.identify.proto.Identify;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends this node's Identify message on a negotiated stream, as a uvarint-length-prefixed protobuf, then closes the
 * stream. Serves {@code /ipfs/id/1.0.0} on inbound streams and {@code /ipfs/id/push/1.0.0} on outbound ones.
 * A remote that does not take the message within {@code timeout} gets the stream closed.
 */
public final class IdentifyResponder extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(IdentifyResponder.class);

    private final Supplier<IdentifyInfo> info;
    private final Multiaddr observedAddr;
    private final long timeoutNanos;
    private boolean sent;
    private ScheduledFuture<?> timer;

    /**
     * @param info         this node's current info, asked for when the stream is ready
     * @param observedAddr the remote's address as this node sees it (replaces the supplier's), or null
     */
    public IdentifyResponder(Supplier<IdentifyInfo> info, Multiaddr observedAddr, Duration timeout) {
        this.info = info;
        this.observedAddr = observedAddr;
        this.timeoutNanos = timeout.toNanos();
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
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // The requester has nothing to say on this stream; whatever it sends is dropped.
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("identify stream {} failed: {}", ctx.channel(), cause.toString());
        ctx.close();
    }

    private void send(ChannelHandlerContext ctx) {
        if (sent) {
            return;
        }
        sent = true;
        Identify message;
        try {
            message = IdentifyCodec.encode(info.get().withObservedAddr(observedAddr));
        } catch (RuntimeException e) {
            LOG.warn("cannot build the Identify message: {}", e.toString());
            ctx.close();
            return;
        }
        int size = message.getSerializedSize();
        if (size > IdentifyRequester.MAX_MESSAGE_SIZE) {
            LOG.warn("Identify message of {} bytes exceeds {}; not sent", size, IdentifyRequester.MAX_MESSAGE_SIZE);
            ctx.close();
            return;
        }
        timer = ctx.executor().schedule(() -> {
            LOG.debug("identify stream {}: remote did not take the message in time", ctx.channel());
            ctx.close();
        }, timeoutNanos, TimeUnit.NANOSECONDS);
        ByteBuf out = ctx.alloc().buffer(Varint.encodedLength(size) + size);
        Varint.write(size, out);
        out.writeBytes(message.toByteArray());
        ctx.writeAndFlush(out).addListener(f -> {
            timer.cancel(false);
            if (!f.isSuccess()) {
                LOG.debug("identify write on {} failed: {}", ctx.channel(), f.cause().toString());
            }
            ctx.close();
        });
    }
}

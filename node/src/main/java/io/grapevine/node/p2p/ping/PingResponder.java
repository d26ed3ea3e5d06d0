package io.grapevine.node.p2p.ping;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening side of {@code /ipfs/ping/1.0.0} on a negotiated stream channel: echoes every complete 32-byte payload,
 * holds a partial one until the rest arrives, and closes the stream when the dialer closes its side, when the stream
 * is idle for longer than {@code idleTimeout}, or on anything that is not ping traffic.
 */
public final class PingResponder extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(PingResponder.class);

    private final long idleTimeoutNanos;
    private final byte[] pending = new byte[Ping.PAYLOAD_SIZE];
    private int pendingLength;
    private ScheduledFuture<?> idleTimer;

    public PingResponder(Duration idleTimeout) {
        this.idleTimeoutNanos = idleTimeout.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        restartIdleTimer(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        idleTimer.cancel(false);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ReferenceCountUtil.release(msg);
            abort(ctx, "unexpected message " + msg.getClass().getSimpleName());
            return;
        }
        try {
            restartIdleTimer(ctx);
            while (in.isReadable()) {
                int n = Math.min(in.readableBytes(), Ping.PAYLOAD_SIZE - pendingLength);
                in.readBytes(pending, pendingLength, n);
                pendingLength += n;
                if (pendingLength == Ping.PAYLOAD_SIZE) {
                    ctx.write(ctx.alloc().buffer(Ping.PAYLOAD_SIZE).writeBytes(pending));
                    pendingLength = 0;
                }
            }
        } finally {
            in.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        // A dialer that does not read its echoes must not make us buffer them without bound.
        if (!ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            if (pendingLength != 0) {
                abort(ctx, "stream ended inside a payload (" + pendingLength + " of 32 bytes)");
            } else {
                // The dialer is done: finish writing the echoes, then close our side.
                ctx.writeAndFlush(ctx.alloc().buffer(0)).addListener(f -> ctx.close());
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        abort(ctx, cause.toString());
    }

    private void restartIdleTimer(ChannelHandlerContext ctx) {
        if (idleTimer != null) {
            idleTimer.cancel(false);
        }
        idleTimer = ctx.executor().schedule(() -> abort(ctx, "idle for " + Duration.ofNanos(idleTimeoutNanos)),
                idleTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void abort(ChannelHandlerContext ctx, String reason) {
        LOG.debug("closing ping stream {}: {}", ctx.channel(), reason);
        pendingLength = 0;
        ctx.close();
    }
}

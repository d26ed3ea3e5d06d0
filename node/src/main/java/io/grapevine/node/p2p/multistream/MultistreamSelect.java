package io.grapevine.node.p2p.multistream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * multistream-select 1.0 as a one-shot Netty handler. It negotiates a protocol, completes {@link #negotiated()},
 * removes itself and passes any bytes that followed the agreement down the pipeline.
 *
 * <p>{@link #negotiated()} is completed on the event loop before the leftover bytes are fired, so a listener attached
 * with a non-async stage ({@code thenAccept}, {@code whenComplete}) can install the protocol's handlers in time to
 * receive them. On failure the future fails with a {@link MultistreamException} and the channel is closed.
 */
public abstract sealed class MultistreamSelect extends ChannelInboundHandlerAdapter
        permits MultistreamInitiator, MultistreamResponder {

    public static final String PROTOCOL_ID = "/multistream/1.0.0";
    public static final String NOT_AVAILABLE = "na";
    private static final int HEADER_LENGTH = PROTOCOL_ID.length() + 1;

    private static final Logger log = LoggerFactory.getLogger(MultistreamSelect.class);

    private final CompletableFuture<String> negotiated = new CompletableFuture<>();
    private final Duration timeout;
    private ByteBuf cumulation;
    private ScheduledFuture<?> timer;
    private boolean started;
    private boolean finished;
    private boolean headerReceived;

    MultistreamSelect(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Proposes {@code protocols} in order of preference; the header and the first proposal go out in one write. */
    public static MultistreamSelect initiator(List<String> protocols, Duration timeout) {
        return new MultistreamInitiator(protocols, timeout);
    }

    /** Accepts any protocol in {@code supported}, which may be a live concurrent view; "ls" lists it. */
    public static MultistreamSelect responder(Collection<String> supported, Duration timeout) {
        Objects.requireNonNull(supported, "supported");
        return new MultistreamResponder(supported::contains, () -> supported, timeout);
    }

    /** Accepts any protocol the predicate matches; "ls" answers an empty list since a predicate cannot be listed. */
    public static MultistreamSelect responder(Predicate<String> supported, Duration timeout) {
        Objects.requireNonNull(supported, "supported");
        return new MultistreamResponder(supported, List::of, timeout);
    }

    /** Completes with the agreed protocol id, or fails with {@link MultistreamException}. */
    public CompletableFuture<String> negotiated() {
        return negotiated;
    }

    /** Sends this side's opening messages. */
    abstract void start(ChannelHandlerContext ctx);

    /** Handles one received message after the header; returns the agreed protocol, or null to keep negotiating. */
    abstract String onMessage(ChannelHandlerContext ctx, String message) throws MultistreamException;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            begin(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        begin(ctx);
        ctx.fireChannelActive();
    }

    private void begin(ChannelHandlerContext ctx) {
        if (started || finished) {
            return;
        }
        started = true;
        // The clock starts when the channel is connected, so a slow TCP connect does not eat the negotiation time.
        timer = ctx.executor().schedule(
                () -> fail(ctx, new MultistreamException("multistream negotiation timed out after " + timeout)),
                timeout.toNanos(), TimeUnit.NANOSECONDS);
        start(ctx);
        if (!ctx.channel().config().isAutoRead()) {
            ctx.read();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (finished || !(msg instanceof ByteBuf bytes)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (cumulation == null) {
            cumulation = bytes;
        } else {
            // Copy rather than compose: the pending part is one bounded message, and a composite per read would nest.
            ByteBuf merged = ctx.alloc().buffer(cumulation.readableBytes() + bytes.readableBytes());
            merged.writeBytes(cumulation).writeBytes(bytes);
            cumulation.release();
            bytes.release();
            cumulation = merged;
        }
        try {
            String agreed = null;
            while (agreed == null && !finished) {
                if (!headerReceived) {
                    checkHeaderPrefix(cumulation);
                }
                String message = MultistreamMessage.decode(cumulation);
                if (message == null) {
                    break;
                }
                if (headerReceived) {
                    agreed = onMessage(ctx, message);
                } else if (PROTOCOL_ID.equals(message)) {
                    headerReceived = true;
                } else {
                    throw new MultistreamException("expected " + PROTOCOL_ID + " but remote sent " + quote(message));
                }
            }
            if (finished) {
                return; // failed inside onMessage (a write failed at once); cumulation already released
            }
            if (agreed != null) {
                succeed(ctx, agreed);
            } else if (cumulation != null && !cumulation.isReadable()) {
                cumulation.release();
                cumulation = null;
            }
        } catch (MultistreamException e) {
            fail(ctx, e);
        }
    }

    /** The header's length byte is known, so garbage (a stray HTTP request, say) fails at once, not at the timeout. */
    private static void checkHeaderPrefix(ByteBuf in) throws MultistreamException {
        if (in.isReadable() && in.getUnsignedByte(in.readerIndex()) != HEADER_LENGTH) {
            throw new MultistreamException("expected " + PROTOCOL_ID + " but remote sent garbage (first byte 0x"
                    + Integer.toHexString(in.getUnsignedByte(in.readerIndex())) + ")");
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!finished && !ctx.channel().config().isAutoRead()) {
            ctx.read();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent && !finished) {
            fail(ctx, new MultistreamException("remote closed its side during multistream negotiation"));
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(ctx, new MultistreamException("channel closed during multistream negotiation"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (finished) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        MultistreamException failure = new MultistreamException("multistream negotiation failed: " + cause);
        failure.initCause(cause);
        fail(ctx, failure);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (!finished) {
            finished = true;
            cancelTimer();
            releaseCumulation();
            negotiated.completeExceptionally(new MultistreamException("multistream handler removed before agreement"));
        }
    }

    /** Writes an encoded message; a failed write fails the negotiation. */
    final void send(ChannelHandlerContext ctx, ByteBuf encoded) {
        ctx.writeAndFlush(encoded).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                MultistreamException failure = new MultistreamException("multistream write failed: " + f.cause());
                failure.initCause(f.cause());
                fail(ctx, failure);
            }
        });
    }

    private void succeed(ChannelHandlerContext ctx, String protocol) {
        finished = true;
        cancelTimer();
        ByteBuf leftover = cumulation;
        cumulation = null;
        negotiated.complete(protocol);
        ctx.pipeline().remove(this);
        if (leftover.isReadable()) {
            ctx.fireChannelRead(leftover);
            ctx.fireChannelReadComplete();
        } else {
            leftover.release();
        }
    }

    final void fail(ChannelHandlerContext ctx, MultistreamException cause) {
        if (finished) {
            return;
        }
        finished = true;
        cancelTimer();
        releaseCumulation();
        log.debug("multistream-select on {} failed: {}", ctx.channel(), cause.getMessage());
        negotiated.completeExceptionally(cause);
        ctx.close();
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void releaseCumulation() {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }

    /** Quotes untrusted text for an error message: bounded and without control characters. */
    static String quote(String untrusted) {
        String shortened = untrusted.length() > 64 ? untrusted.substring(0, 64) + "…" : untrusted;
        return '"' + shortened.replaceAll("\\p{Cntrl}", "?") + '"';
    }
}

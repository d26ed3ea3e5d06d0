package io.grapevine.node.p2p.identify;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.multiformats.InvalidMultiformatException;
import io.grapevine.node.multiformats.Varint;
import io.grapevine.node.p2p.identify.proto.Identify;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a peer's Identify on a negotiated stream: {@code /ipfs/id/1.0.0} after opening it, or an inbound
 * {@code /ipfs/id/push/1.0.0}. The remote writes uvarint-length-prefixed Identify messages and closes its side; bytes
 * may arrive in any number of reads. Some implementations split one Identify into several messages, so all are
 * merged (protobuf merge) until the stream ends. Total input is capped at {@link #MAX_MESSAGE_SIZE}.
 *
 * <p>{@link #result()} completes when the remote closes its side, or at the timeout if at least one whole message
 * came; it fails on malformed input, on a public key that does not match {@code expectedPeer}, or on a timeout with
 * nothing read. The stream is closed in every case.
 */
public final class IdentifyRequester extends ChannelInboundHandlerAdapter {
    /** Cap on all Identify bytes read from one stream. */
    public static final int MAX_MESSAGE_SIZE = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(IdentifyRequester.class);

    private final PeerId expectedPeer;
    private final long timeoutNanos;
    private final CompletableFuture<IdentifyInfo> result = new CompletableFuture<>();
    private final Identify.Builder merged = Identify.newBuilder();
    private int messages;
    private int totalBytes;
    private ByteBuf buffer;
    private ScheduledFuture<?> timer;

    /** @param expectedPeer the peer this stream is with, whose key the message must carry if it has one; or null */
    public IdentifyRequester(PeerId expectedPeer, Duration timeout) {
        this.expectedPeer = expectedPeer;
        this.timeoutNanos = timeout.toNanos();
    }

    public CompletableFuture<IdentifyInfo> result() {
        return result;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        buffer = ctx.alloc().buffer();
        timer = ctx.executor().schedule(() -> onTimeout(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        timer.cancel(false);
        buffer.release();
        if (!result.isDone()) {
            result.completeExceptionally(new IdentifyException("identify handler removed before the message arrived"));
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (result.isDone()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!(msg instanceof ByteBuf in)) {
            ReferenceCountUtil.release(msg);
            fail(ctx, new IdentifyException("unexpected message " + msg.getClass().getSimpleName()));
            return;
        }
        try {
            totalBytes += in.readableBytes();
            if (totalBytes > MAX_MESSAGE_SIZE + Varint.MAX_BYTES) {
                fail(ctx, new IdentifyException("Identify larger than " + MAX_MESSAGE_SIZE + " bytes"));
                return;
            }
            buffer.writeBytes(in);
        } finally {
            in.release();
        }
        try {
            decodeMessages();
        } catch (IdentifyException e) {
            fail(ctx, e);
        }
    }

    private void decodeMessages() throws IdentifyException {
        while (buffer.isReadable()) {
            int start = buffer.readerIndex();
            long length;
            try {
                length = Varint.tryRead(buffer);
            } catch (InvalidMultiformatException e) {
                throw new IdentifyException("bad Identify length prefix: " + e.getMessage(), e);
            }
            if (length < 0) {
                return;
            }
            if (length > MAX_MESSAGE_SIZE) {
                throw new IdentifyException("Identify message of " + length + " bytes exceeds " + MAX_MESSAGE_SIZE);
            }
            if (buffer.readableBytes() < length) {
                buffer.readerIndex(start);
                return;
            }
            try (ByteBufInputStream body = new ByteBufInputStream(buffer.readSlice((int) length))) {
                merged.mergeFrom(body);
            } catch (InvalidProtocolBufferException e) {
                throw new IdentifyException("malformed Identify protobuf: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new IdentifyException("cannot read Identify: " + e.getMessage(), e);
            }
            messages++;
            buffer.discardReadBytes();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            finish(ctx, "stream ended", false);
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        finish(ctx, "stream closed", false);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, new IdentifyException("identify stream failed", cause));
    }

    private void onTimeout(ChannelHandlerContext ctx) {
        if (messages > 0) {
            // The remote never closed its side; what it sent in full is still its answer.
            finish(ctx, "timeout after " + messages + " message(s)", true);
        } else {
            fail(ctx, new IdentifyException("no Identify within " + Duration.ofNanos(timeoutNanos),
                    new TimeoutException()));
        }
    }

    private void finish(ChannelHandlerContext ctx, String why, boolean ignorePartialTail) {
        if (result.isDone()) {
            return;
        }
        if (messages == 0 || (buffer.isReadable() && !ignorePartialTail)) {
            fail(ctx, new IdentifyException(why + " before a complete Identify message"));
            return;
        }
        try {
            IdentifyInfo info = IdentifyCodec.decode(merged.build());
            if (expectedPeer != null && info.publicKey() != null && !expectedPeer.matches(info.publicKey())) {
                throw new IdentifyException("Identify key is for " + PeerId.fromPublicKey(info.publicKey())
                        + ", expected " + expectedPeer);
            }
            timer.cancel(false);
            result.complete(info);
            ctx.close();
        } catch (IdentifyException e) {
            fail(ctx, e);
        }
    }

    private void fail(ChannelHandlerContext ctx, IdentifyException e) {
        if (result.isDone()) {
            return;
        }
        LOG.debug("identify on {} failed: {}", ctx.channel(), e.getMessage());
        timer.cancel(false);
        buffer.clear();
        result.completeExceptionally(e);
        ctx.close();
    }
}

package io.grapevine.node.p2p.noise;

import io.grapevine.node.identity.PeerId;
import io.grapevine.node.identity.PrivateKey;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the noise-libp2p XX handshake on a raw connection (added once multistream-select agreed on {@code /noise}).
 * Message 1 carries an empty payload; message 2 the responder's and message 3 the initiator's signed identity
 * payload. On success it installs {@link NoiseTransportCodec} in its place, completes {@link #handshakeFuture()},
 * then hands the codec any bytes that arrived after the last handshake message. Listeners registered before the
 * handler is added run on the event loop at completion, so they can add the layers above before any plaintext
 * flows. On any failure or timeout it closes the channel and fails the future with a {@link NoiseException} saying
 * why. Writes before completion are refused.
 */
public final class NoiseHandshakeHandler extends ChannelDuplexHandler {
    /**
     * Bound on one handshake message. The Noise limit is 65535, but a libp2p payload (RSA-8192 key and signature,
     * extensions) stays far below this, so larger claims are refused before buffering them.
     */
    static final int MAX_HANDSHAKE_MESSAGE_LENGTH = 8192;
    /** Pipeline name of the codec installed after the handshake. */
    public static final String TRANSPORT_CODEC_NAME = "noise-transport";
    private static final Logger log = LoggerFactory.getLogger(NoiseHandshakeHandler.class);

    private final PrivateKey identityKey;
    private final boolean initiator;
    private final PeerId expectedRemote;
    private final Duration timeout;
    private final List<String> localMuxers;
    private final CompletableFuture<NoiseSession> handshakeFuture = new CompletableFuture<>();

    private HandshakeState handshake;
    private ByteBuf cumulation;
    private ScheduledFuture<?> timeoutTask;
    private boolean finished;
    private boolean succeeded;

    public NoiseHandshakeHandler(PrivateKey identityKey, boolean initiator, PeerId expectedRemoteOrNull,
            Duration timeout) {
        this(identityKey, initiator, expectedRemoteOrNull, timeout, List.of());
    }

    /** As above, also advertising {@code streamMuxers} in the NoiseExtensions of our payload (none when empty). */
    public NoiseHandshakeHandler(PrivateKey identityKey, boolean initiator, PeerId expectedRemoteOrNull,
            Duration timeout, List<String> streamMuxers) {
        this.identityKey = Objects.requireNonNull(identityKey, "identityKey");
        this.initiator = initiator;
        this.expectedRemote = expectedRemoteOrNull;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("handshake timeout must be positive: " + timeout);
        }
        this.localMuxers = List.copyOf(streamMuxers);
    }

    /** Completes with the authenticated remote once the transport codec is in place; fails with the reason. */
    public CompletableFuture<NoiseSession> handshakeFuture() {
        return handshakeFuture;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    private void start(ChannelHandlerContext ctx) {
        if (handshake != null || finished) {
            return;
        }
        handshake = HandshakeState.libp2p(initiator, X25519.generate());
        timeoutTask = ctx.executor().schedule(
                () -> fail(ctx, new NoiseException("Noise handshake timed out after " + timeout.toMillis()
                        + " ms waiting for message " + (handshake == null ? "?" : handshake.messageIndex() + 1))),
                timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (initiator) {
            try {
                send(ctx, handshake.writeMessage(new byte[0])); // -> e, with the empty payload libp2p requires
            } catch (NoiseException e) {
                fail(ctx, e);
            }
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (succeeded) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (finished) {
            ReferenceCountUtil.release(msg); // failed: nothing may pass a half-done handshake
            return;
        }
        if (!(msg instanceof ByteBuf in)) {
            ReferenceCountUtil.release(msg);
            fail(ctx, new NoiseException("unexpected " + msg.getClass().getName() + " during the Noise handshake"));
            return;
        }
        start(ctx);
        if (finished) {
            in.release();
            return;
        }
        cumulation = cumulation == null
                ? in
                : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, in);
        try {
            while (!finished && cumulation.readableBytes() >= NoiseTransportCodec.LENGTH_FIELD) {
                int length = cumulation.getUnsignedShort(cumulation.readerIndex());
                if (length > MAX_HANDSHAKE_MESSAGE_LENGTH) {
                    throw new NoiseException("Noise handshake message " + (handshake.messageIndex() + 1)
                            + " claims " + length + " bytes, more than the " + MAX_HANDSHAKE_MESSAGE_LENGTH
                            + " allowed");
                }
                if (cumulation.readableBytes() < NoiseTransportCodec.LENGTH_FIELD + length) {
                    break;
                }
                cumulation.skipBytes(NoiseTransportCodec.LENGTH_FIELD);
                byte[] message = new byte[length];
                cumulation.readBytes(message);
                onMessage(ctx, message);
            }
        } catch (NoiseException e) {
            fail(ctx, e);
        } catch (RuntimeException e) {
            fail(ctx, new NoiseException("Noise handshake failed: " + e, e));
        }
    }

    private void onMessage(ChannelHandlerContext ctx, byte[] message) throws NoiseException {
        int number = handshake.messageIndex() + 1;
        if (handshake.isWriteTurn()) {
            throw new NoiseException("peer sent Noise handshake message " + number + " out of turn");
        }
        byte[] payload;
        try {
            payload = handshake.readMessage(message);
        } catch (NoiseException e) {
            throw new NoiseException("Noise handshake message " + number + " rejected: " + e.getMessage(), e);
        }
        if (number == 1) {
            // the initiator's first payload is unauthenticated and unused; our reply carries our identity
            send(ctx, handshake.writeMessage(localPayload()));
            return;
        }
        NoiseSession session = HandshakePayload.verify(payload, handshake.remoteStaticPublicKey(), expectedRemote);
        if (initiator) {
            send(ctx, handshake.writeMessage(localPayload())); // -> s, se with our identity, only once theirs checked
        }
        succeed(ctx, session);
    }

    private byte[] localPayload() {
        return HandshakePayload.create(identityKey, handshake.localStaticPublicKey(), localMuxers);
    }

    private void send(ChannelHandlerContext ctx, byte[] message) {
        ByteBuf frame = ctx.alloc().buffer(NoiseTransportCodec.LENGTH_FIELD + message.length);
        frame.writeShort(message.length).writeBytes(message);
        ctx.writeAndFlush(frame).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                fail(ctx, new NoiseException("could not send Noise handshake message: " + f.cause(), f.cause()));
            }
        });
    }

    private void succeed(ChannelHandlerContext ctx, NoiseSession session) {
        finished = true;
        succeeded = true;
        timeoutTask.cancel(false);
        String name = ctx.pipeline().context(TRANSPORT_CODEC_NAME) == null ? TRANSPORT_CODEC_NAME : null;
        ctx.pipeline().addAfter(ctx.name(), name,
                new NoiseTransportCodec(handshake.sendCipher(), handshake.receiveCipher()));
        handshake = null;
        ByteBuf leftover = cumulation;
        cumulation = null;
        log.debug("Noise handshake with {} on {} complete", session.remotePeer(), ctx.channel());
        handshakeFuture.complete(session);
        if (leftover.isReadable()) {
            ctx.fireChannelRead(leftover); // the next handler is the codec: pipelined transport bytes are not lost
        } else {
            leftover.release();
        }
        ctx.pipeline().remove(this);
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        if (finished) {
            return;
        }
        finished = true;
        if (timeoutTask != null) {
            timeoutTask.cancel(false);
        }
        handshake = null;
        releaseCumulation();
        NoiseException reason = cause instanceof NoiseException e
                ? e : new NoiseException("Noise handshake failed: " + cause, cause);
        log.debug("Noise handshake on {} failed: {}", ctx.channel(), reason.getMessage());
        handshakeFuture.completeExceptionally(reason);
        ctx.close();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (succeeded) {
            ctx.write(msg, promise); // encrypted by the codec above us, which takes over once we are removed
            return;
        }
        ReferenceCountUtil.release(msg);
        promise.setFailure(new IllegalStateException("cannot write before the Noise handshake completes"));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(ctx, new NoiseException("connection closed during the Noise handshake"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (finished) {
            ctx.fireExceptionCaught(cause);
        } else {
            fail(ctx, new NoiseException("connection error during the Noise handshake: " + cause, cause));
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (!finished) {
            finished = true;
            if (timeoutTask != null) {
                timeoutTask.cancel(false);
            }
            handshakeFuture.completeExceptionally(
                    new NoiseException("Noise handshake handler removed before the handshake completed"));
        }
        releaseCumulation();
    }

    private void releaseCumulation() {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }
}

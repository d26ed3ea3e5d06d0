package io.grapevine.node.p2p.noise;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.PromiseCombiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The noise-libp2p transport phase: inbound, 2-byte big-endian length frames are decrypted into plaintext
 * {@link ByteBuf}s passed up; outbound, plaintext ByteBufs of any size are cut into chunks of at most
 * {@value #MAX_PLAINTEXT_LENGTH} bytes, encrypted and framed. Any failure (bad tag, short frame, nonce exhaustion)
 * closes the connection with a logged reason. Installed by {@link NoiseHandshakeHandler}.
 */
public final class NoiseTransportCodec extends ChannelDuplexHandler {
    /** Largest Noise message, and so the largest frame body. */
    public static final int MAX_MESSAGE_LENGTH = 65535;
    /** Largest plaintext per transport message: the message less the 16-byte tag. */
    public static final int MAX_PLAINTEXT_LENGTH = MAX_MESSAGE_LENGTH - CipherState.TAG_LENGTH;
    static final int LENGTH_FIELD = 2;
    /** Frames encrypted into one outbound buffer (about 1 MiB), so huge writes don't need one huge buffer. */
    private static final int FRAMES_PER_BUFFER = 16;
    private static final Logger log = LoggerFactory.getLogger(NoiseTransportCodec.class);
    /**
     * Per event-loop thread staging array for direct buffers: the JDK cipher is fastest on arrays, and a memcpy
     * costs far less than the AEAD, so crypto always runs on heap arrays (pooled heap buffers in and out).
     */
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[MAX_MESSAGE_LENGTH];
        }
    };

    private final CipherState sender;
    private final CipherState receiver;
    /** The one incomplete frame (header included) carried between reads; never more than 2 + 65535 bytes. */
    private ByteBuf partial;
    private boolean failed;

    NoiseTransportCodec(CipherState sender, CipherState receiver) {
        this.sender = sender;
        this.receiver = receiver;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (failed || (partial != null && !completePartial(ctx, in))) {
                return;
            }
            while (!failed && in.readableBytes() >= LENGTH_FIELD) {
                int length = in.getUnsignedShort(in.readerIndex());
                if (in.readableBytes() < LENGTH_FIELD + length) {
                    break;
                }
                ByteBuf plaintext = decrypt(ctx, in, in.readerIndex() + LENGTH_FIELD, length);
                in.skipBytes(LENGTH_FIELD + length);
                fire(ctx, plaintext);
            }
            if (!failed && in.isReadable()) {
                int known = in.readableBytes() >= LENGTH_FIELD
                        ? LENGTH_FIELD + in.getUnsignedShort(in.readerIndex())
                        : LENGTH_FIELD;
                partial = ctx.alloc().heapBuffer(known, LENGTH_FIELD + MAX_MESSAGE_LENGTH);
                partial.writeBytes(in);
            }
        } catch (NoiseException e) {
            fail(ctx, e);
        } finally {
            in.release();
        }
    }

    /** Tops up the carried partial frame from {@code in}; true once it was complete and has been passed up. */
    private boolean completePartial(ChannelHandlerContext ctx, ByteBuf in) throws NoiseException {
        if (partial.readableBytes() < LENGTH_FIELD) {
            partial.writeBytes(in, Math.min(LENGTH_FIELD - partial.readableBytes(), in.readableBytes()));
            if (partial.readableBytes() < LENGTH_FIELD) {
                return false;
            }
        }
        int length = partial.getUnsignedShort(partial.readerIndex());
        int missing = LENGTH_FIELD + length - partial.readableBytes();
        int take = Math.min(missing, in.readableBytes());
        partial.writeBytes(in, take);
        if (take < missing) {
            return false;
        }
        ByteBuf frame = partial;
        partial = null;
        try {
            fire(ctx, decrypt(ctx, frame, frame.readerIndex() + LENGTH_FIELD, length));
        } finally {
            frame.release();
        }
        return true;
    }

    private ByteBuf decrypt(ChannelHandlerContext ctx, ByteBuf source, int index, int length) throws NoiseException {
        if (length < CipherState.TAG_LENGTH) {
            throw new NoiseException("transport message of " + length + " bytes is shorter than the 16-byte tag");
        }
        int plaintextLength = length - CipherState.TAG_LENGTH;
        ByteBuf plaintext = ctx.alloc().heapBuffer(plaintextLength);
        try {
            byte[] in;
            int offset;
            if (source.hasArray()) {
                in = source.array();
                offset = source.arrayOffset() + index;
            } else {
                in = SCRATCH.get();
                offset = 0;
                source.getBytes(index, in, 0, length);
            }
            receiver.decrypt(in, offset, length, plaintext.array(), plaintext.arrayOffset());
            plaintext.writerIndex(plaintextLength);
            return plaintext;
        } catch (NoiseException | RuntimeException e) {
            plaintext.release();
            throw e;
        }
    }

    private static void fire(ChannelHandlerContext ctx, ByteBuf plaintext) {
        if (plaintext.isReadable()) {
            ctx.fireChannelRead(plaintext);
        } else {
            plaintext.release(); // an empty transport message carries nothing for the layers above
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf in)) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new IllegalArgumentException(
                    "NoiseTransportCodec writes ByteBufs only, not " + msg.getClass().getName()));
            return;
        }
        if (failed) {
            in.release();
            promise.setFailure(new NoiseException("Noise transport already closed after a failure"));
            return;
        }
        if (!in.isReadable()) {
            ctx.write(in, promise);
            return;
        }
        try {
            int frames = (in.readableBytes() + MAX_PLAINTEXT_LENGTH - 1) / MAX_PLAINTEXT_LENGTH;
            if (frames <= FRAMES_PER_BUFFER) {
                ctx.write(encryptFrames(ctx, in, FRAMES_PER_BUFFER), promise);
            } else {
                PromiseCombiner combiner = new PromiseCombiner(ctx.executor());
                while (in.isReadable()) {
                    ChannelPromise part = ctx.newPromise();
                    combiner.add(part);
                    ctx.write(encryptFrames(ctx, in, FRAMES_PER_BUFFER), part);
                }
                combiner.finish(promise);
            }
        } catch (NoiseException e) {
            promise.tryFailure(e);
            fail(ctx, e);
        } finally {
            in.release();
        }
    }

    /** Encrypts up to {@code maxFrames} chunks from {@code in} into one buffer of header+ciphertext frames. */
    private ByteBuf encryptFrames(ChannelHandlerContext ctx, ByteBuf in, int maxFrames) throws NoiseException {
        int bytes = Math.min(in.readableBytes(), maxFrames * MAX_PLAINTEXT_LENGTH);
        int frames = (bytes + MAX_PLAINTEXT_LENGTH - 1) / MAX_PLAINTEXT_LENGTH;
        ByteBuf out = ctx.alloc().heapBuffer(bytes + frames * (LENGTH_FIELD + CipherState.TAG_LENGTH));
        try {
            for (int i = 0; i < frames; i++) {
                int chunk = Math.min(in.readableBytes(), MAX_PLAINTEXT_LENGTH);
                byte[] plaintext;
                int offset;
                if (in.hasArray()) {
                    plaintext = in.array();
                    offset = in.arrayOffset() + in.readerIndex();
                } else {
                    plaintext = SCRATCH.get();
                    offset = 0;
                    in.getBytes(in.readerIndex(), plaintext, 0, chunk);
                }
                int messageLength = chunk + CipherState.TAG_LENGTH;
                out.writeShort(messageLength);
                int at = out.writerIndex();
                sender.encrypt(plaintext, offset, chunk, out.array(), out.arrayOffset() + at);
                out.writerIndex(at + messageLength);
                in.skipBytes(chunk);
            }
            return out;
        } catch (NoiseException | RuntimeException e) {
            out.release();
            throw e;
        }
    }

    private void fail(ChannelHandlerContext ctx, NoiseException e) {
        if (failed) {
            return;
        }
        failed = true;
        releasePartial();
        log.warn("Closing {}: Noise transport failure: {}", ctx.channel(), e.getMessage());
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releasePartial();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releasePartial();
    }

    private void releasePartial() {
        if (partial != null) {
            partial.release();
            partial = null;
        }
    }
}

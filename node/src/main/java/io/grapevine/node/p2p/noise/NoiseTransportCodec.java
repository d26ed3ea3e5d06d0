package io.grapevine.node.p2p.noise;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.PromiseNotifier;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The noise-libp2p transport phase: inbound, 2-byte big-endian length frames are decrypted into plaintext
 * {@link ByteBuf}s passed up; outbound, plaintext ByteBufs of any size are encrypted into messages of at most
 * {@value #MAX_PLAINTEXT_LENGTH} plaintext bytes, consecutive writes sharing messages until a flush. Any failure (bad tag, short frame, nonce exhaustion)
 * closes the connection with a logged reason. Installed by {@link NoiseHandshakeHandler}.
 */
public final class NoiseTransportCodec extends ChannelDuplexHandler {
    /** Largest Noise message, and so the largest frame body. */
    public static final int MAX_MESSAGE_LENGTH = 65535;
    /** Largest plaintext per transport message: the message less the 16-byte tag. */
    public static final int MAX_PLAINTEXT_LENGTH = MAX_MESSAGE_LENGTH - CipherState.TAG_LENGTH;
    static final int LENGTH_FIELD = 2;
    /** Pending output holds up to four full messages (256 KiB) before it is written on even without a flush. */
    private static final int PENDING_CAPACITY = 4 * (LENGTH_FIELD + MAX_MESSAGE_LENGTH);
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
    /** Encrypted messages not yet passed on; the last may be open (still taking plaintext). */
    private ByteBuf pending;
    /** Where the open message's length field is in {@code pending}, or -1 when no message is open. */
    private int openLengthIndex = -1;
    private int openPlaintext;
    /** Promises of the writes whose last bytes are in {@code pending}. */
    private final ArrayDeque<ChannelPromise> waiting = new ArrayDeque<>();
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

    /**
     * Encrypts {@code msg} into the open message(s) of the pending output. Consecutive writes share Noise messages
     * until a message is full or the next {@link #flush}, which ends the open message and writes everything on:
     * small writes (frame headers, window updates) no longer cost a message each, and nothing is held past a flush.
     */
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
        try {
            while (in.isReadable()) {
                if (openLengthIndex < 0) {
                    beginMessage(ctx);
                }
                int take = Math.min(in.readableBytes(), MAX_PLAINTEXT_LENGTH - openPlaintext);
                encryptPart(in, take);
                openPlaintext += take;
                if (openPlaintext == MAX_PLAINTEXT_LENGTH) {
                    finishMessage();
                }
            }
        } catch (NoiseException e) {
            promise.tryFailure(e);
            fail(ctx, e);
            return;
        } finally {
            in.release();
        }
        // The tail of this write (or, for an empty write, the bytes before it) is still pending: the promise
        // completes once that buffer is written. Nothing pending means everything before went on already.
        if (pending != null && pending.isReadable()) {
            if (!promise.isVoid()) {
                waiting.add(promise);
            }
        } else {
            ctx.write(Unpooled.EMPTY_BUFFER, promise);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (!failed) {
            try {
                if (openLengthIndex >= 0) {
                    finishMessage();
                }
                writePending(ctx);
            } catch (NoiseException e) {
                fail(ctx, e);
            }
        }
        ctx.flush();
    }

    /** Opens a message in the pending output: reserves its length field and room for a full message. */
    private void beginMessage(ChannelHandlerContext ctx) throws NoiseException {
        if (pending != null && pending.writableBytes() < LENGTH_FIELD + MAX_MESSAGE_LENGTH) {
            writePending(ctx);
            if (openLengthIndex >= 0) {
                return; // a write re-entered through the write above (a writability event) and opened one
            }
        }
        if (pending == null) {
            pending = ctx.alloc().heapBuffer(PENDING_CAPACITY, PENDING_CAPACITY);
        }
        sender.beginMessage();
        openLengthIndex = pending.writerIndex();
        pending.writerIndex(openLengthIndex + LENGTH_FIELD);
        openPlaintext = 0;
    }

    /** Encrypts {@code length} bytes of {@code in} into the open message, straight from its arrays where it has them. */
    private void encryptPart(ByteBuf in, int length) throws NoiseException {
        if (in.hasArray()) {
            encryptPart(in.array(), in.arrayOffset() + in.readerIndex(), length);
        } else if (in.nioBufferCount() > 0) {
            for (ByteBuffer part : in.nioBuffers(in.readerIndex(), length)) {
                if (part.hasArray()) {
                    encryptPart(part.array(), part.arrayOffset() + part.position(), part.remaining());
                } else {
                    byte[] scratch = SCRATCH.get();
                    while (part.hasRemaining()) {
                        int n = Math.min(part.remaining(), scratch.length);
                        part.get(scratch, 0, n);
                        encryptPart(scratch, 0, n);
                    }
                }
            }
        } else {
            byte[] scratch = SCRATCH.get();
            in.getBytes(in.readerIndex(), scratch, 0, length);
            encryptPart(scratch, 0, length);
        }
        in.skipBytes(length);
    }

    private void encryptPart(byte[] plaintext, int offset, int length) throws NoiseException {
        int at = pending.writerIndex();
        pending.writerIndex(at + sender.encryptPart(plaintext, offset, length, pending.array(),
                pending.arrayOffset() + at));
    }

    private void finishMessage() throws NoiseException {
        int at = pending.writerIndex();
        pending.writerIndex(at + sender.finishMessage(pending.array(), pending.arrayOffset() + at));
        pending.setShort(openLengthIndex, openPlaintext + CipherState.TAG_LENGTH);
        openLengthIndex = -1;
        openPlaintext = 0;
    }

    /** Passes the pending output (complete messages only) on, completing the promises of the writes in it. */
    private void writePending(ChannelHandlerContext ctx) {
        if (pending == null || !pending.isReadable()) {
            return;
        }
        ByteBuf out = pending;
        pending = null;
        if (waiting.isEmpty()) {
            ctx.write(out, ctx.voidPromise());
        } else if (waiting.size() == 1) {
            ctx.write(out, waiting.removeFirst());
        } else {
            ChannelPromise[] promises = waiting.toArray(ChannelPromise[]::new);
            waiting.clear();
            ctx.write(out).addListener(new PromiseNotifier<>(false, promises));
        }
    }

    private void fail(ChannelHandlerContext ctx, NoiseException e) {
        if (failed) {
            return;
        }
        failed = true;
        releasePartial();
        releasePending(e);
        log.warn("Closing {}: Noise transport failure: {}", ctx.channel(), e.getMessage());
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releasePartial();
        releasePending(new ClosedChannelException());
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releasePartial();
        releasePending(new ClosedChannelException());
    }

    /** Drops output that was never flushed and fails its writes, as Netty does for unflushed writes on close. */
    private void releasePending(Throwable cause) {
        if (pending != null) {
            pending.release();
            pending = null;
        }
        openLengthIndex = -1;
        openPlaintext = 0;
        for (ChannelPromise p; (p = waiting.poll()) != null; ) {
            p.tryFailure(cause);
        }
    }

    private void releasePartial() {
        if (partial != null) {
            partial.release();
            partial = null;
        }
    }
}

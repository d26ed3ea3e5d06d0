package io.grapevine.node.interop;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;

/**
 * Initiator side of {@value SinkProtocol#ID}: sends {@code length} pseudo-random bytes (the same pattern as
 * {@link EchoClient}), closes its write side, and checks the responder's reply (byte count and CRC-32) against what it
 * sent. {@link #done()} completes with the nanoseconds from the first byte written to the verified reply, or fails on a
 * wrong, short or missing reply.
 */
public final class SinkClient extends PatternSender {

    private final CRC32 sentCrc = new CRC32();
    private ByteBuf reply;
    private long started;

    /** {@code index} shifts the pattern so concurrent streams carry different bytes. */
    public SinkClient(long length, int index) {
        super(length, index);
    }

    /** Prepares a freshly negotiated stream channel and starts sending on it. */
    public static CompletableFuture<Long> start(Channel stream, long length, int index) {
        return PatternSender.start(stream, "sink-client", new SinkClient(length, index));
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        reply = ctx.alloc().heapBuffer(SinkProtocol.REPLY_LENGTH, SinkProtocol.REPLY_LENGTH);
        started = System.nanoTime();
        super.handlerAdded(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        reply.release();
    }

    @Override
    void sending(int start, int n) {
        sentCrc.update(PATTERN, start, n);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            ByteBuf buf = (ByteBuf) msg;
            if (buf.readableBytes() > reply.writableBytes()) {
                fail(ctx, new IOException("sink reply longer than " + SinkProtocol.REPLY_LENGTH + " bytes"));
                return;
            }
            reply.writeBytes(buf);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    void finish(ChannelHandlerContext ctx) {
        if (done.isDone()) {
            return;
        }
        long elapsed = System.nanoTime() - started;
        if (reply.readableBytes() != SinkProtocol.REPLY_LENGTH) {
            fail(ctx, new IOException("sink replied " + reply.readableBytes() + " of " + SinkProtocol.REPLY_LENGTH
                    + " bytes"));
            return;
        }
        long count = reply.getLong(0);
        int crc = reply.getInt(8);
        if (sent != length || count != length) {
            fail(ctx, new IOException("sink counted " + count + " of the " + length + " bytes sent"));
        } else if (crc != (int) sentCrc.getValue()) {
            fail(ctx, new IOException(String.format("sink CRC-32 %08x, sent %08x", crc, (int) sentCrc.getValue())));
        } else {
            done.complete(elapsed);
            ctx.close();
        }
    }
}

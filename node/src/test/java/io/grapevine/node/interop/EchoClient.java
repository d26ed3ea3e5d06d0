package io.grapevine.node.interop;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * Initiator side of {@value EchoProtocol#ID}: sends {@code length} pseudo-random bytes, closes its write side, and
 * checks that exactly those bytes come back before the remote's FIN. {@link #done()} completes with the byte count, or
 * fails on the first wrong, missing or extra byte.
 */
public final class EchoClient extends PatternSender {

    private final byte[] scratch = new byte[CHUNK];
    private long received;

    /** {@code index} shifts the pattern so concurrent streams carry different bytes. */
    public EchoClient(long length, int index) {
        super(length, index);
    }

    /** Prepares a freshly negotiated stream channel and starts the echo on it. */
    public static CompletableFuture<Long> start(Channel stream, long length, int index) {
        return PatternSender.start(stream, "echo-client", new EchoClient(length, index));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            ByteBuf buf = (ByteBuf) msg;
            if (received + buf.readableBytes() > length) {
                fail(ctx, new IOException("echoed more than the " + length + " bytes sent"));
                return;
            }
            for (int at = buf.readerIndex(); at < buf.writerIndex(); ) {
                int start = (int) ((offset + received) % PATTERN.length);
                int n = Math.min(Math.min(buf.writerIndex() - at, CHUNK), PATTERN.length - start);
                buf.getBytes(at, scratch, 0, n);
                int mismatch = Arrays.mismatch(scratch, 0, n, PATTERN, start, start + n);
                if (mismatch >= 0) {
                    fail(ctx, new IOException("echoed bytes differ at offset " + (received + mismatch)));
                    return;
                }
                at += n;
                received += n;
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    void finish(ChannelHandlerContext ctx) {
        if (received == length && sent == length) {
            done.complete(received);
            ctx.close();
        } else {
            fail(ctx, new IOException("stream ended after " + received + " of " + length + " echoed bytes"));
        }
    }
}

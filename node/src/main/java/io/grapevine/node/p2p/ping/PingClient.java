package io.grapevine.node.p2p.ping;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dialing side of {@code /ipfs/ping/1.0.0} on a negotiated stream channel. Each {@link #ping()} sends 32 random
 * bytes and completes with the round-trip time when the same bytes come back. Pings may overlap (echoes arrive in
 * order); a wrong echo, a timeout or the stream ending fails every outstanding ping and closes the stream, since
 * later echoes could no longer be matched.
 */
public final class PingClient {
    /** Bound on pings in flight on one stream. */
    public static final int MAX_OUTSTANDING = 16;
    private static final Logger LOG = LoggerFactory.getLogger(PingClient.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Channel stream;
    private final long timeoutNanos;
    private final ArrayDeque<Outstanding> outstanding = new ArrayDeque<>();
    private final byte[] received = new byte[Ping.PAYLOAD_SIZE];
    private int receivedLength;
    private Throwable failure;

    private record Outstanding(byte[] payload, long sentAt, CompletableFuture<Duration> result,
                               ScheduledFuture<?> timeout) {
    }

    /** Installs the client's handler at the end of {@code stream}'s pipeline. */
    public PingClient(Channel stream, Duration timeout) {
        this.stream = stream;
        this.timeoutNanos = timeout.toNanos();
        stream.pipeline().addLast(new EchoHandler());
    }

    /** Sends one ping; the future completes with the round-trip time or fails. Callable from any thread. */
    public CompletableFuture<Duration> ping() {
        CompletableFuture<Duration> result = new CompletableFuture<>();
        stream.eventLoop().execute(() -> send(result));
        return result;
    }

    /** Ends the ping session: the dialer closes its side, as the spec asks, and outstanding pings fail. */
    public void close() {
        stream.eventLoop().execute(() -> {
            failAll(new IOException("ping client closed"));
            stream.close();
        });
    }

    private void send(CompletableFuture<Duration> result) {
        if (failure != null || !stream.isActive()) {
            result.completeExceptionally(failure != null ? failure : new IOException("ping stream is closed"));
            return;
        }
        if (outstanding.size() >= MAX_OUTSTANDING) {
            result.completeExceptionally(new IllegalStateException(MAX_OUTSTANDING + " pings already in flight"));
            return;
        }
        byte[] payload = new byte[Ping.PAYLOAD_SIZE];
        RANDOM.nextBytes(payload);
        ScheduledFuture<?> timeout = stream.eventLoop().schedule(
                () -> fail(new TimeoutException("no ping echo within " + Duration.ofNanos(timeoutNanos))),
                timeoutNanos, TimeUnit.NANOSECONDS);
        outstanding.add(new Outstanding(payload, System.nanoTime(), result, timeout));
        stream.writeAndFlush(stream.alloc().buffer(Ping.PAYLOAD_SIZE).writeBytes(payload)).addListener(f -> {
            if (!f.isSuccess()) {
                fail(new IOException("ping write failed", f.cause()));
            }
        });
    }

    private void onBytes(ByteBuf in) {
        while (in.isReadable()) {
            int n = Math.min(in.readableBytes(), Ping.PAYLOAD_SIZE - receivedLength);
            in.readBytes(received, receivedLength, n);
            receivedLength += n;
            if (receivedLength < Ping.PAYLOAD_SIZE) {
                return;
            }
            receivedLength = 0;
            Outstanding next = outstanding.poll();
            if (next == null) {
                fail(new IOException("ping echo without a ping"));
                return;
            }
            next.timeout().cancel(false);
            if (!MessageDigest.isEqual(next.payload(), received)) {
                next.result().completeExceptionally(new IOException("ping echo does not match the payload"));
                fail(new IOException("ping stream out of step after a wrong echo"));
                return;
            }
            next.result().complete(Duration.ofNanos(System.nanoTime() - next.sentAt()));
        }
    }

    private void fail(Throwable cause) {
        if (failure == null) {
            LOG.debug("ping on {} failed: {}", stream, cause.toString());
        }
        failAll(cause);
        stream.close();
    }

    private void failAll(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        Outstanding o;
        while ((o = outstanding.poll()) != null) {
            o.timeout().cancel(false);
            o.result().completeExceptionally(cause);
        }
    }

    private final class EchoHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf in)) {
                ReferenceCountUtil.release(msg);
                fail(new IOException("unexpected message " + msg.getClass().getSimpleName()));
                return;
            }
            try {
                onBytes(in);
            } finally {
                in.release();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                fail(new IOException("ping stream closed by the remote"));
                return;
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            failAll(new IOException("ping stream closed"));
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(cause);
        }
    }
}

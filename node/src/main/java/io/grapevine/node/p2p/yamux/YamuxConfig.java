package io.grapevine.node.p2p.yamux;

import io.netty.channel.WriteBufferWaterMark;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits and timers of a Yamux session.
 *
 * @param initialReceiveWindow window each stream starts with (at least the spec's 256 KiB; a larger one is announced
 *                             with the SYN or ACK)
 * @param maxReceiveWindow     window a stream may grow to when the reader keeps up within a couple of round trips
 * @param maxStreams           open streams per session; an inbound SYN beyond it is answered with RST
 * @param maxFramePayload      largest DATA length accepted in a header, checked before anything is read
 * @param keepAliveInterval    ping period; a ping still unanswered when the next is due closes the session
 *                             ({@link Duration#ZERO} disables)
 * @param streamOpenTimeout    time an opened stream may wait for the remote ACK before it is reset
 * @param writeBufferWaterMark per-stream outbound buffer marks that drive {@code isWritable()}
 */
public record YamuxConfig(
        int initialReceiveWindow,
        int maxReceiveWindow,
        int maxStreams,
        int maxFramePayload,
        Duration keepAliveInterval,
        Duration streamOpenTimeout,
        WriteBufferWaterMark writeBufferWaterMark) {

    public static final int DEFAULT_WINDOW = YamuxHeader.INITIAL_WINDOW;

    public YamuxConfig {
        Objects.requireNonNull(keepAliveInterval, "keepAliveInterval");
        Objects.requireNonNull(streamOpenTimeout, "streamOpenTimeout");
        Objects.requireNonNull(writeBufferWaterMark, "writeBufferWaterMark");
        if (initialReceiveWindow < DEFAULT_WINDOW) {
            throw new IllegalArgumentException("initialReceiveWindow below the spec's 256 KiB: " + initialReceiveWindow);
        }
        if (maxReceiveWindow < initialReceiveWindow || maxReceiveWindow > (1 << 30)) {
            throw new IllegalArgumentException("maxReceiveWindow must be in [initialReceiveWindow, 1 GiB]: "
                    + maxReceiveWindow);
        }
        if (maxStreams < 1) {
            throw new IllegalArgumentException("maxStreams must be positive: " + maxStreams);
        }
        if (maxFramePayload < 1) {
            throw new IllegalArgumentException("maxFramePayload must be positive: " + maxFramePayload);
        }
        if (keepAliveInterval.isNegative() || streamOpenTimeout.isNegative() || streamOpenTimeout.isZero()) {
            throw new IllegalArgumentException("keepAliveInterval must be >= 0 and streamOpenTimeout > 0");
        }
    }

    /** 256 KiB growing to 16 MiB, 1000 streams, 30 s keepalive, 30 s ACK timeout, 64/128 KiB water marks. */
    public static YamuxConfig defaults() {
        return new YamuxConfig(DEFAULT_WINDOW, 16 * 1024 * 1024, 1000, 16 * 1024 * 1024,
                Duration.ofSeconds(30), Duration.ofSeconds(30), new WriteBufferWaterMark(64 * 1024, 128 * 1024));
    }

    public YamuxConfig withReceiveWindow(int initial, int max) {
        return new YamuxConfig(initial, max, maxStreams, maxFramePayload, keepAliveInterval, streamOpenTimeout,
                writeBufferWaterMark);
    }

    public YamuxConfig withMaxStreams(int value) {
        return new YamuxConfig(initialReceiveWindow, maxReceiveWindow, value, maxFramePayload, keepAliveInterval,
                streamOpenTimeout, writeBufferWaterMark);
    }

    public YamuxConfig withMaxFramePayload(int value) {
        return new YamuxConfig(initialReceiveWindow, maxReceiveWindow, maxStreams, value, keepAliveInterval,
                streamOpenTimeout, writeBufferWaterMark);
    }

    public YamuxConfig withKeepAliveInterval(Duration value) {
        return new YamuxConfig(initialReceiveWindow, maxReceiveWindow, maxStreams, maxFramePayload, value,
                streamOpenTimeout, writeBufferWaterMark);
    }

    public YamuxConfig withStreamOpenTimeout(Duration value) {
        return new YamuxConfig(initialReceiveWindow, maxReceiveWindow, maxStreams, maxFramePayload,
                keepAliveInterval, value, writeBufferWaterMark);
    }

    public YamuxConfig withWriteBufferWaterMark(WriteBufferWaterMark value) {
        return new YamuxConfig(initialReceiveWindow, maxReceiveWindow, maxStreams, maxFramePayload,
                keepAliveInterval, streamOpenTimeout, value);
    }
}

package io.grapevine.node.p2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Splits the connection's byte stream into Yamux frames without cumulating: headers are parsed in place (or from a
 * 12-byte carry when split across reads) and DATA payloads are handed on as retained slices as they arrive, so a
 * large frame is never buffered whole and never copied.
 */
final class YamuxFrameDecoder {

    /** Receives the decoded frames; any method may throw to declare a protocol error. */
    interface Listener {
        /** Every header, DATA included (its payload follows through {@link #onDataPayload}). */
        void onHeader(YamuxHeader header) throws YamuxException;

        /** A piece of the current DATA payload; the listener owns (must release) {@code part}. */
        void onDataPayload(ByteBuf part) throws YamuxException;

        /** The current DATA frame's payload is complete (called at once for an empty one). */
        void onDataEnd(YamuxHeader header) throws YamuxException;
    }

    private final int maxFramePayload;
    private final byte[] carry = new byte[YamuxHeader.SIZE];
    private int carried;
    private YamuxHeader data;
    private long dataRemaining;

    YamuxFrameDecoder(int maxFramePayload) {
        this.maxFramePayload = maxFramePayload;
    }

    /** Consumes all readable bytes of {@code in} (does not release it). */
    void decode(ByteBuf in, Listener listener) throws YamuxException {
        while (in.isReadable()) {
            if (data != null) {
                int n = (int) Math.min(dataRemaining, in.readableBytes());
                dataRemaining -= n;
                YamuxHeader current = data;
                if (dataRemaining == 0) {
                    data = null;
                }
                listener.onDataPayload(in.readRetainedSlice(n));
                if (dataRemaining == 0) {
                    listener.onDataEnd(current);
                }
                continue;
            }
            YamuxHeader header;
            if (carried == 0 && in.readableBytes() >= YamuxHeader.SIZE) {
                header = YamuxHeader.read(in);
            } else {
                int n = Math.min(YamuxHeader.SIZE - carried, in.readableBytes());
                in.readBytes(carry, carried, n);
                carried += n;
                if (carried < YamuxHeader.SIZE) {
                    return;
                }
                carried = 0;
                header = YamuxHeader.read(Unpooled.wrappedBuffer(carry));
            }
            validate(header);
            listener.onHeader(header);
            if (header.type() == YamuxHeader.TYPE_DATA) {
                if (header.length() == 0) {
                    listener.onDataEnd(header);
                } else {
                    data = header;
                    dataRemaining = header.unsignedLength();
                }
            }
        }
    }

    private void validate(YamuxHeader header) throws YamuxException {
        if (header.version() != YamuxHeader.VERSION) {
            throw new YamuxException("unsupported version " + header.version() + " in " + header);
        }
        if (header.type() > YamuxHeader.TYPE_GO_AWAY) {
            throw new YamuxException("unknown frame " + header);
        }
        if (header.type() == YamuxHeader.TYPE_DATA && header.unsignedLength() > maxFramePayload) {
            throw new YamuxException("DATA length above the " + maxFramePayload + " byte limit: " + header);
        }
    }
}

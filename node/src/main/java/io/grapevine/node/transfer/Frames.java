package io.grapevine.node.transfer;

import com.google.protobuf.MessageLite;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.CorruptedFrameException;

/** uvarint-length-prefixed protobuf frames. */
final class Frames {
    private Frames() {
    }

    static ByteBuf encode(ByteBufAllocator alloc, MessageLite message) {
        byte[] body = message.toByteArray();
        ByteBuf out = alloc.buffer(5 + body.length);
        writeVarint(out, body.length);
        return out.writeBytes(body);
    }

    static void writeVarint(ByteBuf out, int value) {
        while ((value & ~0x7f) != 0) {
            out.writeByte((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.writeByte(value);
    }

    /**
     * Reads a length prefix without consuming it: the length, or -1 when more bytes are needed; the prefix size is
     * returned in {@code prefix[0]}. Refuses lengths above {@code max} before anything is buffered for them.
     */
    static int peekLength(ByteBuf in, int max, int[] prefix) {
        int value = 0;
        int i = 0;
        int at = in.readerIndex();
        while (true) {
            if (i == in.readableBytes()) {
                return -1;
            }
            if (i == 5) {
                throw new CorruptedFrameException("length prefix longer than 5 bytes");
            }
            int b = in.getByte(at + i);
            value |= (b & 0x7f) << (7 * i);
            i++;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        if (value < 0 || value > max) {
            throw new CorruptedFrameException("frame of " + Integer.toUnsignedString(value) + " bytes exceeds " + max);
        }
        if (i > 1 && (value >>> (7 * (i - 1))) == 0) {
            throw new CorruptedFrameException("non-minimal length prefix");
        }
        prefix[0] = i;
        return value;
    }
}

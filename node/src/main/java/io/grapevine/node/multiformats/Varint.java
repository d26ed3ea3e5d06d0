package io.grapevine.node.multiformats;

import io.netty.buffer.ByteBuf;

/**
 * Unsigned LEB128 varints as the multiformats unsigned-varint spec defines them: at most 9 bytes (63 bits) and
 * minimally encoded, so every value has exactly one encoding.
 */
public final class Varint {
    /** The spec caps varints at 9 bytes, which carry 63 bits of value. */
    public static final int MAX_BYTES = 9;

    private Varint() {
    }

    /** A decoded value and the number of bytes its encoding took. */
    public record Decoded(long value, int length) {
    }

    public static int encodedLength(long value) {
        checkEncodable(value);
        int length = 1;
        while ((value >>>= 7) != 0) {
            length++;
        }
        return length;
    }

    public static byte[] encode(long value) {
        byte[] out = new byte[encodedLength(value)];
        write(value, out, 0);
        return out;
    }

    /** Writes the encoding at {@code offset}; returns the number of bytes written. */
    public static int write(long value, byte[] out, int offset) {
        checkEncodable(value);
        int i = offset;
        while ((value & ~0x7FL) != 0) {
            out[i++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[i++] = (byte) value;
        return i - offset;
    }

    public static void write(long value, ByteBuf out) {
        checkEncodable(value);
        while ((value & ~0x7FL) != 0) {
            out.writeByte((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    /** Decodes the varint starting at {@code offset}; the bytes after it are ignored. */
    public static Decoded decode(byte[] data, int offset) {
        return decode(data, offset, data.length);
    }

    /** Decodes the varint starting at {@code offset} that must end before {@code end}. */
    public static Decoded decode(byte[] data, int offset, int end) {
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            if (offset + i >= end) {
                throw new InvalidMultiformatException("truncated varint");
            }
            int b = data[offset + i] & 0xFF;
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                checkMinimal(b, i);
                return new Decoded(value, i + 1);
            }
        }
        throw new InvalidMultiformatException("varint longer than " + MAX_BYTES + " bytes");
    }

    /**
     * Reads a varint from {@code in} if all its bytes are there. Returns -1 and leaves the reader index where it was
     * when more bytes are needed; throws on an overlong or non-minimal encoding.
     */
    public static long tryRead(ByteBuf in) {
        int start = in.readerIndex();
        int available = in.readableBytes();
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            if (i >= available) {
                return -1;
            }
            int b = in.getUnsignedByte(start + i);
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                checkMinimal(b, i);
                in.readerIndex(start + i + 1);
                return value;
            }
        }
        throw new InvalidMultiformatException("varint longer than " + MAX_BYTES + " bytes");
    }

    private static void checkMinimal(int lastByte, int index) {
        // A zero final byte after continuation bytes adds nothing: the spec forbids such padding.
        if (lastByte == 0 && index > 0) {
            throw new InvalidMultiformatException("varint is not minimally encoded");
        }
    }

    private static void checkEncodable(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("varint value must be in [0, 2^63): " + value);
        }
    }
}

package io.grapevine.node.p2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The 12-byte Yamux frame header: version, type, flags, stream id and length, big endian.
 * The stream id and length are unsigned 32-bit values carried in Java ints.
 */
record YamuxHeader(int version, int type, int flags, int streamId, int length) {

    static final int SIZE = 12;
    static final int VERSION = 0;

    static final int TYPE_DATA = 0;
    static final int TYPE_WINDOW_UPDATE = 1;
    static final int TYPE_PING = 2;
    static final int TYPE_GO_AWAY = 3;

    static final int FLAG_SYN = 0x1;
    static final int FLAG_ACK = 0x2;
    static final int FLAG_FIN = 0x4;
    static final int FLAG_RST = 0x8;

    /** Both sides assume this window for every new stream. */
    static final int INITIAL_WINDOW = 256 * 1024;

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    long unsignedLength() {
        return Integer.toUnsignedLong(length);
    }

    /** Reads a header from exactly {@link #SIZE} readable bytes. */
    static YamuxHeader read(ByteBuf in) {
        int version = in.readUnsignedByte();
        int type = in.readUnsignedByte();
        int flags = in.readUnsignedShort();
        int streamId = in.readInt();
        int length = in.readInt();
        return new YamuxHeader(version, type, flags, streamId, length);
    }

    static ByteBuf encode(ByteBufAllocator alloc, int type, int flags, int streamId, int length) {
        ByteBuf out = alloc.buffer(SIZE);
        write(out, type, flags, streamId, length);
        return out;
    }

    static void write(ByteBuf out, int type, int flags, int streamId, int length) {
        out.writeByte(VERSION);
        out.writeByte(type);
        out.writeShort(flags);
        out.writeInt(streamId);
        out.writeInt(length);
    }

    static String typeName(int type) {
        return switch (type) {
            case TYPE_DATA -> "DATA";
            case TYPE_WINDOW_UPDATE -> "WINDOW_UPDATE";
            case TYPE_PING -> "PING";
            case TYPE_GO_AWAY -> "GO_AWAY";
            default -> "type " + type;
        };
    }

    @Override
    public String toString() {
        return typeName(type) + "(stream=" + Integer.toUnsignedString(streamId) + ", flags=0x"
                + Integer.toHexString(flags) + ", length=" + Integer.toUnsignedString(length) + ")";
    }
}

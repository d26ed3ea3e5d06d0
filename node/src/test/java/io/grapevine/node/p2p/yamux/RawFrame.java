package io.grapevine.node.p2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;

/** A frame as a test peer writes or reads it on the wire, independent of the session's own decoder. */
record RawFrame(int type, int flags, int streamId, int length, byte[] payload) {

    static RawFrame of(int type, int flags, int streamId, int length) {
        return new RawFrame(type, flags, streamId, length, new byte[0]);
    }

    static RawFrame data(int flags, int streamId, byte[] payload) {
        return new RawFrame(YamuxHeader.TYPE_DATA, flags, streamId, payload.length, payload);
    }

    ByteBuf encode() {
        ByteBuf out = Unpooled.buffer(12 + payload.length);
        out.writeByte(0).writeByte(type).writeShort(flags).writeInt(streamId).writeInt(length).writeBytes(payload);
        return out;
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** Reads everything the channel wrote and splits it into frames (DATA payloads included). */
    static List<RawFrame> drain(EmbeddedChannel channel) {
        ByteBuf all = Unpooled.buffer();
        for (Object o; (o = channel.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            all.writeBytes(b);
            b.release();
        }
        List<RawFrame> frames = new ArrayList<>();
        while (all.readableBytes() >= 12) {
            int version = all.readUnsignedByte();
            if (version != 0) {
                throw new AssertionError("version " + version);
            }
            int type = all.readUnsignedByte();
            int flags = all.readUnsignedShort();
            int id = all.readInt();
            int length = all.readInt();
            byte[] payload = new byte[type == YamuxHeader.TYPE_DATA ? length : 0];
            all.readBytes(payload);
            frames.add(new RawFrame(type, flags, id, length, payload));
        }
        if (all.isReadable()) {
            throw new AssertionError(all.readableBytes() + " trailing bytes");
        }
        all.release();
        return frames;
    }
}

package io.grapevine.node.market;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.List;

/**
 * Decodes the one uvarint-length-prefixed protobuf frame of a market stream: the length is checked against the bound
 * before anything is buffered for it, and bytes after the frame are refused (one message per direction).
 */
final class MarketFrameDecoder<T> extends ByteToMessageDecoder {
    @FunctionalInterface
    interface Parser<T> {
        T parse(byte[] bytes) throws InvalidProtocolBufferException;
    }

    private final int max;
    private final Parser<T> parser;
    private boolean done;

    MarketFrameDecoder(int max, Parser<T> parser) {
        this.max = max;
        this.parser = parser;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (done) {
            in.skipBytes(in.readableBytes());
            throw new CorruptedFrameException("bytes after the market message");
        }
        int at = in.readerIndex();
        long length = 0;
        int i = 0;
        while (true) {
            if (i == in.readableBytes()) {
                return;
            }
            if (i == 5) {
                throw new CorruptedFrameException("length prefix longer than 5 bytes");
            }
            int b = in.getByte(at + i);
            length |= (long) (b & 0x7f) << (7 * i);
            i++;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        if (length > max) {
            throw new CorruptedFrameException("market message of " + length + " bytes exceeds " + max);
        }
        if (in.readableBytes() < i + length) {
            return;
        }
        in.skipBytes(i);
        byte[] body = new byte[(int) length];
        in.readBytes(body);
        done = true;
        try {
            out.add(parser.parse(body));
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptedFrameException("malformed market message: " + e.getMessage(), e);
        }
    }

    static ByteBuf encode(io.netty.buffer.ByteBufAllocator alloc, com.google.protobuf.MessageLite message) {
        byte[] body = message.toByteArray();
        ByteBuf buf = alloc.buffer(5 + body.length);
        int v = body.length;
        while ((v & ~0x7f) != 0) {
            buf.writeByte((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        buf.writeByte(v);
        return buf.writeBytes(body);
    }
}

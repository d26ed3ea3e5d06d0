package io.grapevine.node.sync;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grapevine.node.sync.proto.SyncMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.List;

/**
 * uvarint-length-prefixed {@link SyncMessage}s into {@link SyncFrame}s. The length is checked against the limit as
 * soon as the prefix is read, before the body is buffered.
 */
final class SyncFrameDecoder extends ByteToMessageDecoder {
    private final int maxFrameBytes;
    private boolean failed;

    SyncFrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (failed) {
            in.skipBytes(in.readableBytes()); // the stream is being closed: buffer nothing more
            return;
        }
        while (in.isReadable()) {
            long length = 0;
            int prefix = 0;
            int at = in.readerIndex();
            while (true) {
                if (prefix == in.readableBytes()) {
                    return;
                }
                if (prefix == 5) {
                    failed = true;
                throw new CorruptedFrameException("length prefix longer than 5 bytes");
                }
                int b = in.getByte(at + prefix);
                length |= (long) (b & 0x7f) << (7 * prefix);
                prefix++;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            if (length > maxFrameBytes) {
                failed = true;
                throw new CorruptedFrameException("frame of " + length + " bytes exceeds " + maxFrameBytes);
            }
            if (in.readableBytes() < prefix + length) {
                return;
            }
            in.skipBytes(prefix);
            byte[] body = new byte[(int) length];
            in.readBytes(body);
            try {
                out.add(new SyncFrame(SyncMessage.parseFrom(body), prefix + (int) length));
            } catch (InvalidProtocolBufferException e) {
                failed = true;
                throw new CorruptedFrameException("malformed sync message: " + e.getMessage());
            }
        }
    }

    /** A decoded message and its size on the stream. */
    record SyncFrame(SyncMessage message, int wireBytes) {
    }
}

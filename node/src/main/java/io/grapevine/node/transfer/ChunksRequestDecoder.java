package io.grapevine.node.transfer;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grapevine.node.transfer.proto.ChunksRequest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.List;

/** Decodes request frames of at most {@link ChunksProtocol#MAX_REQUEST_BYTES} into {@link ChunksRequest}s. */
final class ChunksRequestDecoder extends ByteToMessageDecoder {
    private final int[] prefix = new int[1];

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int length = Frames.peekLength(in, ChunksProtocol.MAX_REQUEST_BYTES, prefix);
        if (length < 0 || in.readableBytes() < prefix[0] + length) {
            return;
        }
        in.skipBytes(prefix[0]);
        byte[] body = new byte[length];
        in.readBytes(body);
        try {
            out.add(ChunksRequest.parseFrom(body));
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptedFrameException("malformed request: " + e.getMessage(), e);
        }
    }
}

package io.grapevine.node.pubsub.rpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grapevine.node.multiformats.Varint;
import io.grapevine.node.pubsub.rpc.proto.RPC;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Splits a pubsub stream into RPCs: an unsigned varint length, then that many bytes of protobuf {@code RPC}.
 * The length is checked against the limit before anything is buffered for it, so a peer cannot make us allocate.
 */
public final class RpcFrameDecoder extends ByteToMessageDecoder {
    private final int maxRpcSize;
    /** After a bad frame the stream is out of sync: everything after it is discarded until the channel closes. */
    private boolean failed;

    public RpcFrameDecoder(int maxRpcSize) {
        if (maxRpcSize <= 0) {
            throw new IllegalArgumentException("maxRpcSize must be positive");
        }
        this.maxRpcSize = maxRpcSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            decodeFrames(in, out);
        } catch (DecoderException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private void decodeFrames(ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int start = in.readerIndex();
            long length;
            try {
                length = Varint.tryRead(in);
            } catch (IllegalArgumentException e) {
                throw new CorruptedFrameException("bad RPC length prefix: " + e.getMessage());
            }
            if (length < 0) {
                return;
            }
            if (length > maxRpcSize) {
                throw new TooLongFrameException("RPC of " + length + " bytes exceeds the limit of " + maxRpcSize);
            }
            if (in.readableBytes() < length) {
                in.readerIndex(start);
                return;
            }
            out.add(parse(in, (int) length));
        }
    }

    private static RPC parse(ByteBuf in, int length) throws CorruptedFrameException {
        try {
            if (in.hasArray()) {
                RPC rpc = RPC.parseFrom(
                        java.nio.ByteBuffer.wrap(in.array(), in.arrayOffset() + in.readerIndex(), length));
                in.skipBytes(length);
                return rpc;
            }
            byte[] bytes = new byte[length];
            in.readBytes(bytes);
            return RPC.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptedFrameException("malformed RPC protobuf: " + e.getMessage());
        }
    }
}

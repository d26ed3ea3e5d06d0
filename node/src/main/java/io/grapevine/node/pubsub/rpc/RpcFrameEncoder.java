package io.grapevine.node.pubsub.rpc;

import io.grapevine.node.multiformats.Varint;
import io.grapevine.node.pubsub.rpc.proto.RPC;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToByteEncoder;
import java.io.IOException;

/** Writes an {@code RPC} as an unsigned varint length and the protobuf; refuses RPCs above the peer-visible limit. */
@ChannelHandler.Sharable
public final class RpcFrameEncoder extends MessageToByteEncoder<RPC> {
    private final int maxRpcSize;

    public RpcFrameEncoder(int maxRpcSize) {
        super(RPC.class);
        this.maxRpcSize = maxRpcSize;
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, RPC msg, boolean preferDirect) {
        int size = msg.getSerializedSize();
        return ctx.alloc().ioBuffer(Varint.encodedLength(size) + size);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RPC rpc, ByteBuf out) throws IOException {
        int size = rpc.getSerializedSize();
        if (size > maxRpcSize) {
            throw new EncoderException("RPC of " + size + " bytes exceeds the limit of " + maxRpcSize);
        }
        Varint.write(size, out);
        byte[] bytes = rpc.toByteArray();
        out.writeBytes(bytes);
    }
}

package io.grapevine.node.market.bitcoin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import org.bitcoinj.core.Message;
import org.bitcoinj.core.MessageSerializer;
import org.bitcoinj.core.NetworkParameters;

/** Writes bitcoinj messages with their 24-byte header (magic, command, length, checksum). */
public final class BitcoinFrameEncoder extends MessageToByteEncoder<Message> {
    private final MessageSerializer serializer;

    public BitcoinFrameEncoder(NetworkParameters params) {
        super(Message.class);
        this.serializer = params.getDefaultSerializer();
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Message msg, ByteBuf out) throws Exception {
        try (ByteBufOutputStream stream = new ByteBufOutputStream(out)) {
            serializer.serialize(msg, stream);
        }
    }
}

package io.grapevine.node.market.bitcoin;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.ByteBuffer;
import java.util.List;
import org.bitcoinj.core.MessageSerializer;
import org.bitcoinj.core.NetworkParameters;

/**
 * Splits the Bitcoin P2P byte stream into messages: a 24-byte header (network magic, command, payload length,
 * checksum) then the payload. The magic and the length are checked before any payload is buffered, so a hostile peer
 * cannot make us hold more than {@code maxPayload} bytes; bitcoinj's serializer then checks the checksum and parses.
 */
public final class BitcoinFrameDecoder extends ByteToMessageDecoder {
    public static final int HEADER_LENGTH = 24;
    /** Bitcoin Core's MAX_PROTOCOL_MESSAGE_LENGTH: a block of 4M weight units fits. */
    public static final int MAX_PAYLOAD = 4_000_000;

    private final MessageSerializer serializer;
    private final int magic;
    private final int maxPayload;

    public BitcoinFrameDecoder(NetworkParameters params, int maxPayload) {
        this.serializer = params.getDefaultSerializer();
        this.magic = (int) params.getPacketMagic();
        this.maxPayload = maxPayload;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (in.readableBytes() < HEADER_LENGTH) {
            return;
        }
        int start = in.readerIndex();
        int got = in.getInt(start);
        if (got != magic) {
            throw new CorruptedFrameException("wrong network magic " + Integer.toHexString(got));
        }
        for (int i = 4; i < 16; i++) {
            byte c = in.getByte(start + i);
            if (c != 0 && (c < 0x20 || c > 0x7e)) {
                throw new CorruptedFrameException("command is not printable ASCII");
            }
        }
        long length = in.getUnsignedIntLE(start + 16);
        if (length > maxPayload) {
            throw new TooLongFrameException("message of " + length + " bytes exceeds " + maxPayload);
        }
        int total = HEADER_LENGTH + (int) length;
        if (in.readableBytes() < total) {
            return;
        }
        byte[] frame = new byte[total];
        in.readBytes(frame);
        try {
            out.add(serializer.deserialize(ByteBuffer.wrap(frame)));
        } catch (RuntimeException e) { // ProtocolException, BufferUnderflowException from a malformed payload
            throw new CorruptedFrameException("malformed message: " + e.getMessage(), e);
        }
    }
}

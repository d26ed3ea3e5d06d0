package io.grapevine.node.p2p.multistream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The multistream-select wire message: uvarint length (counting the trailing newline), UTF-8 text, {@code '\n'}.
 * Decoding is hostile-input safe: the length is checked against {@link #MAX_LENGTH} before anything is buffered.
 */
final class MultistreamMessage {
    /** Upper bound on one message including its newline; real protocol ids are far shorter. */
    static final int MAX_LENGTH = 1024;
    /** A uvarint for any length up to MAX_LENGTH fits in 2 bytes; allow 3 before calling it garbage. */
    private static final int MAX_VARINT_BYTES = 3;

    private MultistreamMessage() {}

    static ByteBuf encode(ByteBufAllocator alloc, String... messages) {
        ByteBuf out = alloc.buffer();
        for (String message : messages) {
            byte[] text = message.getBytes(StandardCharsets.UTF_8);
            int length = text.length + 1;
            if (length > MAX_LENGTH) {
                out.release();
                throw new IllegalArgumentException("multistream message too long: " + length + " bytes");
            }
            writeUvarint(out, length);
            out.writeBytes(text).writeByte('\n');
        }
        return out;
    }

    /** Encodes the "ls" answer: one message whose body is the list of protocols, each a message of its own. */
    static ByteBuf encodeList(ByteBufAllocator alloc, Iterable<String> protocols) {
        ByteBuf body = alloc.buffer();
        try {
            for (String protocol : protocols) {
                byte[] text = protocol.getBytes(StandardCharsets.UTF_8);
                writeUvarint(body, text.length + 1);
                body.writeBytes(text).writeByte('\n');
            }
            ByteBuf out = alloc.buffer(body.readableBytes() + 4);
            writeUvarint(out, body.readableBytes() + 1);
            out.writeBytes(body).writeByte('\n');
            return out;
        } finally {
            body.release();
        }
    }

    /**
     * Reads one complete message from {@code in}, without its newline, or returns null (and consumes nothing) when
     * more bytes are needed.
     */
    static String decode(ByteBuf in) throws MultistreamException {
        int start = in.readerIndex();
        long length = 0;
        int varintBytes = 0;
        while (true) {
            if (varintBytes == MAX_VARINT_BYTES) {
                throw new MultistreamException("multistream message length varint too long");
            }
            if (!in.isReadable(varintBytes + 1)) {
                return null;
            }
            int b = in.getUnsignedByte(start + varintBytes);
            length |= (long) (b & 0x7f) << (7 * varintBytes);
            varintBytes++;
            if ((b & 0x80) == 0) {
                if (b == 0 && varintBytes > 1) {
                    throw new MultistreamException("multistream message length varint not minimal");
                }
                break;
            }
        }
        if (length > MAX_LENGTH) {
            throw new MultistreamException("multistream message of " + length + " bytes exceeds " + MAX_LENGTH);
        }
        if (length == 0) {
            throw new MultistreamException("empty multistream message (missing newline)");
        }
        if (!in.isReadable(varintBytes + (int) length)) {
            return null;
        }
        int textStart = start + varintBytes;
        int textLength = (int) length - 1;
        if (in.getByte(textStart + textLength) != '\n') {
            throw new MultistreamException("multistream message does not end with a newline");
        }
        String text = utf8(in.nioBuffer(textStart, textLength));
        in.readerIndex(textStart + (int) length);
        return text;
    }

    private static String utf8(ByteBuffer bytes) throws MultistreamException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MultistreamException("multistream message is not valid UTF-8");
        }
    }

    private static void writeUvarint(ByteBuf out, int value) {
        while ((value & ~0x7f) != 0) {
            out.writeByte((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.writeByte(value);
    }
}

package io.grapevine.node.p2p.noise;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NoiseTransportCodecTest {
    private final SecureRandom random = new SecureRandom();
    private final List<ByteBuf> toRelease = new ArrayList<>();
    private EmbeddedChannel sender;
    private EmbeddedChannel receiver;

    /** A sending and a receiving channel whose ciphers share one key, as after a handshake. */
    private void connect() {
        byte[] key = new byte[32];
        random.nextBytes(key);
        CipherState send = new CipherState();
        send.initializeKey(key);
        CipherState receive = new CipherState();
        receive.initializeKey(key);
        sender = new EmbeddedChannel(new NoiseTransportCodec(send, new CipherState()));
        receiver = new EmbeddedChannel(new NoiseTransportCodec(new CipherState(), receive));
    }

    @AfterEach
    void cleanUp() {
        toRelease.forEach(ByteBuf::release);
        if (sender != null) {
            sender.finishAndReleaseAll();
        }
        if (receiver != null) {
            receiver.finishAndReleaseAll();
        }
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** All outbound bytes the sender produced, as one buffer. */
    private ByteBuf wire() {
        ByteBuf all = Unpooled.buffer();
        toRelease.add(all);
        for (ByteBuf b; (b = sender.readOutbound()) != null; ) {
            all.writeBytes(b);
            b.release();
        }
        return all;
    }

    private byte[] received() {
        ByteBuf all = Unpooled.buffer();
        try {
            for (ByteBuf b; (b = receiver.readInbound()) != null; ) {
                all.writeBytes(b);
                b.release();
            }
            byte[] out = new byte[all.readableBytes()];
            all.readBytes(out);
            return out;
        } finally {
            all.release();
        }
    }

    private List<Integer> frameLengths(ByteBuf wire) {
        List<Integer> lengths = new ArrayList<>();
        for (int i = wire.readerIndex(); i < wire.writerIndex(); ) {
            int length = wire.getUnsignedShort(i);
            lengths.add(length);
            i += 2 + length;
        }
        return lengths;
    }

    @Test
    void severalMebibytesRoundTripByteExactThroughRandomlySizedReads() {
        connect();
        byte[] payload = randomBytes(5 * 1024 * 1024 + 12345);
        sender.writeAndFlush(Unpooled.wrappedBuffer(payload));
        ByteBuf wire = wire();
        Random sizes = new Random(7);
        while (wire.isReadable()) {
            int n = Math.min(wire.readableBytes(), 1 + sizes.nextInt(100_000));
            receiver.writeInbound(wire.readRetainedSlice(n));
        }
        assertThat(received()).isEqualTo(payload);
        assertThat(receiver.isActive()).isTrue();
    }

    @Test
    void directBuffersInBothDirectionsRoundTrip() {
        connect();
        byte[] payload = randomBytes(200_000);
        ByteBuf direct = Unpooled.directBuffer(payload.length).writeBytes(payload);
        sender.writeAndFlush(direct);
        ByteBuf wire = wire();
        receiver.writeInbound(Unpooled.directBuffer(wire.readableBytes()).writeBytes(wire));
        assertThat(received()).isEqualTo(payload);
    }

    @Test
    void plaintextSplitsAt65519Bytes() {
        connect();
        sender.writeAndFlush(Unpooled.wrappedBuffer(randomBytes(65519)));
        assertThat(frameLengths(wire())).containsExactly(65535);
        sender.writeAndFlush(Unpooled.wrappedBuffer(randomBytes(65520)));
        assertThat(frameLengths(wire())).containsExactly(65535, 17);
        sender.writeAndFlush(Unpooled.wrappedBuffer(randomBytes(65519 * 20 + 1)));
        List<Integer> lengths = frameLengths(wire());
        assertThat(lengths).hasSize(21);
        assertThat(lengths.subList(0, 20)).containsOnly(65535);
        assertThat(lengths.get(20)).isEqualTo(17);
    }

    @Test
    void framesArrivingOneByteAtATimeAreReassembled() {
        connect();
        byte[] a = randomBytes(1000);
        byte[] b = randomBytes(70_000);
        sender.writeAndFlush(Unpooled.wrappedBuffer(a));
        sender.writeAndFlush(Unpooled.wrappedBuffer(b));
        ByteBuf wire = wire();
        while (wire.isReadable()) {
            int step = wire.readerIndex() < 2000 ? 1 : 4096;
            receiver.writeInbound(wire.readRetainedSlice(Math.min(wire.readableBytes(), step)));
        }
        byte[] expected = new byte[a.length + b.length];
        System.arraycopy(a, 0, expected, 0, a.length);
        System.arraycopy(b, 0, expected, a.length, b.length);
        assertThat(received()).isEqualTo(expected);
    }

    @Test
    void tamperedCiphertextClosesTheConnection() {
        connect();
        sender.writeAndFlush(Unpooled.wrappedBuffer(randomBytes(100)));
        ByteBuf wire = wire();
        wire.setByte(10, wire.getByte(10) ^ 0x40);
        receiver.writeInbound(wire.retain());
        assertThat(receiver.isOpen()).isFalse();
        assertThat(received()).isEmpty();
    }

    @Test
    void frameShorterThanTheTagClosesTheConnection() {
        connect();
        receiver.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 15}, new byte[15]));
        assertThat(receiver.isOpen()).isFalse();
    }

    @Test
    void emptyLengthFrameClosesTheConnection() {
        connect();
        receiver.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0}));
        assertThat(receiver.isOpen()).isFalse();
    }

    @Test
    void maximumLengthPrefixWaitsForTheWholeFrameThenRejectsGarbage() {
        connect();
        receiver.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0xff, (byte) 0xff}, new byte[60_000]));
        assertThat(receiver.isOpen()).isTrue();
        receiver.writeInbound(Unpooled.wrappedBuffer(new byte[5535]));
        assertThat(receiver.isOpen()).isFalse();
    }

    @Test
    void nonceExhaustionClosesTheConnectionAndFailsTheWrite() {
        byte[] key = randomBytes(32);
        CipherState send = new CipherState();
        send.initializeKey(key);
        send.setNonce(-2L); // 2^64-2: one message left before the reserved nonce
        sender = new EmbeddedChannel(new NoiseTransportCodec(send, new CipherState()));
        assertThat(sender.writeAndFlush(Unpooled.wrappedBuffer(randomBytes(10))).isSuccess()).isTrue();
        wire();
        var second = sender.writeAndFlush(Unpooled.wrappedBuffer(randomBytes(10)));
        assertThat(second.isSuccess()).isFalse();
        assertThat(second.cause()).hasMessageContaining("nonce exhausted");
        assertThat(sender.isOpen()).isFalse();
    }

    @Test
    void smallWritesShareOneMessageUntilTheFlush() {
        connect();
        byte[] a = randomBytes(12);
        byte[] b = randomBytes(1000);
        byte[] c = randomBytes(70_000);
        var first = sender.write(Unpooled.wrappedBuffer(a));
        var second = sender.write(Unpooled.wrappedBuffer(b));
        assertThat(sender.outboundMessages()).as("held until the flush").isEmpty();
        assertThat(first.isDone()).isFalse();
        sender.flush();
        assertThat(first.isSuccess()).isTrue();
        assertThat(second.isSuccess()).isTrue();
        sender.write(Unpooled.wrappedBuffer(c));
        sender.writeAndFlush(Unpooled.EMPTY_BUFFER);
        ByteBuf wire = wire();
        assertThat(frameLengths(wire)).containsExactly(12 + 1000 + 16, 65535, 70_000 - 65519 + 16);
        receiver.writeInbound(wire.retain());
        byte[] expected = new byte[a.length + b.length + c.length];
        System.arraycopy(a, 0, expected, 0, a.length);
        System.arraycopy(b, 0, expected, a.length, b.length);
        System.arraycopy(c, 0, expected, a.length + b.length, c.length);
        assertThat(received()).isEqualTo(expected);
    }

    @Test
    void compositeAndDirectPiecesEncryptAsOneMessage() {
        connect();
        byte[] header = randomBytes(12);
        byte[] payload = randomBytes(65507);
        ByteBuf composite = Unpooled.compositeBuffer().addComponents(true,
                Unpooled.directBuffer(12).writeBytes(header), Unpooled.wrappedBuffer(payload));
        sender.writeAndFlush(composite);
        ByteBuf wire = wire();
        assertThat(frameLengths(wire)).containsExactly(65535);
        receiver.writeInbound(wire.retain());
        byte[] expected = new byte[header.length + payload.length];
        System.arraycopy(header, 0, expected, 0, header.length);
        System.arraycopy(payload, 0, expected, header.length, payload.length);
        assertThat(received()).isEqualTo(expected);
    }

    @Test
    void unflushedWritesFailWhenTheChannelCloses() {
        connect();
        var unflushed = sender.write(Unpooled.wrappedBuffer(randomBytes(100)));
        sender.close();
        assertThat(unflushed.isDone()).isTrue();
        assertThat(unflushed.isSuccess()).isFalse();
    }
}

package io.grapevine.node.p2p.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.p2p.noise.proto.NoiseHandshakePayload;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NoiseHandshakeHandlerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Ed25519PrivateKey initiatorKey = Ed25519PrivateKey.generate();
    private final Ed25519PrivateKey responderKey = Ed25519PrivateKey.generate();
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    private EmbeddedChannel channel(NoiseHandshakeHandler handler) {
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        channels.add(channel);
        return channel;
    }

    /** A channel whose clock is frozen before the handler arms its timeout, so only advanceTimeBy moves it. */
    private EmbeddedChannel frozenChannel(NoiseHandshakeHandler handler) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.freezeTime();
        channel.pipeline().addLast(handler);
        channels.add(channel);
        return channel;
    }

    /** Moves bytes between the two channels until both are quiet. */
    private static void shuttle(EmbeddedChannel a, EmbeddedChannel b) {
        boolean moved;
        do {
            moved = deliver(a, b) | deliver(b, a);
        } while (moved);
    }

    private static boolean deliver(EmbeddedChannel from, EmbeddedChannel to) {
        boolean moved = false;
        for (ByteBuf b; (b = from.readOutbound()) != null; ) {
            moved = true;
            if (to.isOpen()) {
                to.writeInbound(b);
            } else {
                b.release();
            }
        }
        return moved;
    }

    /** Everything the channel has written so far, merged into one buffer. */
    private static ByteBuf drain(EmbeddedChannel channel) {
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf b; (b = channel.readOutbound()) != null; ) {
            all.writeBytes(b);
            b.release();
        }
        return all;
    }

    private static String readText(EmbeddedChannel channel) {
        StringBuilder text = new StringBuilder();
        for (ByteBuf b; (b = channel.readInbound()) != null; ) {
            text.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        return text.toString();
    }

    private static String failure(CompletableFuture<NoiseSession> future) {
        assertThat(future).isCompletedExceptionally();
        try {
            future.get();
            throw new AssertionError("not failed");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(NoiseException.class);
            return e.getCause().getMessage();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void bothRolesAuthenticateEachOtherAndThenCarryEncryptedData() throws Exception {
        NoiseHandshakeHandler initiator = new NoiseHandshakeHandler(initiatorKey, true,
                PeerId.fromPublicKey(responderKey.publicKey()), TIMEOUT);
        NoiseHandshakeHandler responder = new NoiseHandshakeHandler(responderKey, false, null, TIMEOUT);
        EmbeddedChannel a = channel(initiator);
        EmbeddedChannel b = channel(responder);
        shuttle(a, b);

        NoiseSession atInitiator = initiator.handshakeFuture().get(0, TimeUnit.SECONDS);
        NoiseSession atResponder = responder.handshakeFuture().get(0, TimeUnit.SECONDS);
        assertThat(atInitiator.remotePeer()).isEqualTo(PeerId.fromPublicKey(responderKey.publicKey()));
        assertThat(atInitiator.remoteKey().marshal()).isEqualTo(responderKey.publicKey().marshal());
        assertThat(atResponder.remotePeer()).isEqualTo(PeerId.fromPublicKey(initiatorKey.publicKey()));
        assertThat(atInitiator.remoteMuxers()).isEmpty();
        for (EmbeddedChannel channel : List.of(a, b)) {
            assertThat(channel.pipeline().get(NoiseHandshakeHandler.class)).isNull();
            assertThat(channel.pipeline().get(NoiseHandshakeHandler.TRANSPORT_CODEC_NAME))
                    .isInstanceOf(NoiseTransportCodec.class);
        }

        a.writeAndFlush(Unpooled.copiedBuffer("hello responder", StandardCharsets.UTF_8));
        b.writeAndFlush(Unpooled.copiedBuffer("hello initiator", StandardCharsets.UTF_8));
        ByteBuf onTheWire = a.readOutbound();
        assertThat(onTheWire.toString(StandardCharsets.ISO_8859_1)).doesNotContain("hello");
        b.writeInbound(onTheWire);
        shuttle(a, b);
        assertThat(readText(b)).isEqualTo("hello responder");
        assertThat(readText(a)).isEqualTo("hello initiator");
    }

    @Test
    void messagesFollowTheXxLayoutWithAnEmptyFirstPayload() {
        EmbeddedChannel a = channel(new NoiseHandshakeHandler(initiatorKey, true, null, TIMEOUT));
        EmbeddedChannel b = channel(new NoiseHandshakeHandler(responderKey, false, null, TIMEOUT));
        ByteBuf first = drain(a);
        assertThat(first.readableBytes()).isEqualTo(2 + 32);
        assertThat(first.getUnsignedShort(0)).isEqualTo(32); // e only: the payload of message 1 is empty
        b.writeInbound(first);
        ByteBuf second = drain(b);
        // e, encrypted s (32 + 16), encrypted payload (protobuf + 16)
        assertThat(second.getUnsignedShort(0)).isEqualTo(second.readableBytes() - 2).isGreaterThan(32 + 48 + 16);
        a.writeInbound(second);
        ByteBuf third = drain(a);
        assertThat(third.getUnsignedShort(0)).isEqualTo(third.readableBytes() - 2).isGreaterThan(48 + 16);
        b.writeInbound(third);
        assertThat(b.pipeline().get(NoiseHandshakeHandler.class)).isNull();
    }

    @Test
    void streamMuxersAreAdvertisedOnlyWhenConfigured() throws Exception {
        NoiseHandshakeHandler initiator = new NoiseHandshakeHandler(initiatorKey, true, null, TIMEOUT,
                List.of("/yamux/1.0.0"));
        NoiseHandshakeHandler responder = new NoiseHandshakeHandler(responderKey, false, null, TIMEOUT);
        shuttle(channel(initiator), channel(responder));
        assertThat(responder.handshakeFuture().get(0, TimeUnit.SECONDS).remoteMuxers()).containsExactly("/yamux/1.0.0");
        assertThat(initiator.handshakeFuture().get(0, TimeUnit.SECONDS).remoteMuxers()).isEmpty();
    }

    @Test
    void initiatorRejectsAResponderThatIsNotTheExpectedPeer() {
        PeerId someoneElse = PeerId.fromPublicKey(Ed25519PrivateKey.generate().publicKey());
        NoiseHandshakeHandler initiator = new NoiseHandshakeHandler(initiatorKey, true, someoneElse, TIMEOUT);
        NoiseHandshakeHandler responder = new NoiseHandshakeHandler(responderKey, false, null, TIMEOUT);
        EmbeddedChannel a = channel(initiator);
        EmbeddedChannel b = channel(responder);
        shuttle(a, b);
        assertThat(failure(initiator.handshakeFuture()))
                .contains("expected " + someoneElse)
                .contains(PeerId.fromPublicKey(responderKey.publicKey()).toString());
        assertThat(a.isOpen()).isFalse();
        assertThat(responder.handshakeFuture()).isNotDone(); // it never got message 3, so it waits (or times out)
    }

    @Test
    void responderRejectsAnInitiatorThatIsNotTheExpectedPeer() {
        PeerId someoneElse = PeerId.fromPublicKey(Ed25519PrivateKey.generate().publicKey());
        NoiseHandshakeHandler initiator = new NoiseHandshakeHandler(initiatorKey, true, null, TIMEOUT);
        NoiseHandshakeHandler responder = new NoiseHandshakeHandler(responderKey, false, someoneElse, TIMEOUT);
        EmbeddedChannel b = channel(responder);
        shuttle(channel(initiator), b);
        assertThat(failure(responder.handshakeFuture())).contains("expected " + someoneElse);
        assertThat(b.isOpen()).isFalse();
    }

    /** Plays the responder by hand so message 2 can carry a payload of our choosing. */
    private String initiatorFailureWithResponderPayload(PayloadMaker maker) throws Exception {
        NoiseHandshakeHandler initiator = new NoiseHandshakeHandler(initiatorKey, true, null, TIMEOUT);
        EmbeddedChannel a = channel(initiator);
        ByteBuf first = drain(a);
        byte[] message1 = new byte[first.readableBytes() - 2];
        first.getBytes(2, message1);
        first.release();
        X25519.KeyPair responderStatic = X25519.generate();
        HandshakeState fake = HandshakeState.libp2p(false, responderStatic);
        fake.readMessage(message1);
        byte[] message2 = fake.writeMessage(maker.payload(responderStatic.publicKey()));
        a.writeInbound(Unpooled.buffer().writeShort(message2.length).writeBytes(message2));
        assertThat(a.isOpen()).isFalse();
        return failure(initiator.handshakeFuture());
    }

    private interface PayloadMaker {
        byte[] payload(byte[] noiseStaticKey);
    }

    @Test
    void tamperedSignatureIsRejected() throws Exception {
        String reason = initiatorFailureWithResponderPayload(staticKey -> {
            byte[] valid = HandshakePayload.create(responderKey, staticKey, List.of());
            try {
                NoiseHandshakePayload parsed = NoiseHandshakePayload.parseFrom(valid);
                byte[] sig = parsed.getIdentitySig().toByteArray();
                sig[5] ^= 1;
                return parsed.toBuilder().setIdentitySig(ByteString.copyFrom(sig)).build().toByteArray();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(reason).contains("identity_sig does not verify");
    }

    @Test
    void signatureOverAnotherStaticKeyIsRejected() throws Exception {
        String reason = initiatorFailureWithResponderPayload(
                staticKey -> HandshakePayload.create(responderKey, X25519.generate().publicKey(), List.of()));
        assertThat(reason).contains("identity_sig does not verify");
    }

    @Test
    void garbageIdentityKeyIsRejected() throws Exception {
        String reason = initiatorFailureWithResponderPayload(staticKey -> NoiseHandshakePayload.newBuilder()
                .setIdentityKey(ByteString.copyFromUtf8("not a key"))
                .setIdentitySig(ByteString.copyFrom(new byte[64]))
                .build().toByteArray());
        assertThat(reason).contains("unusable remote identity key");
    }

    @Test
    void payloadThatIsNotProtobufIsRejected() throws Exception {
        String reason = initiatorFailureWithResponderPayload(staticKey -> new byte[] {(byte) 0xff, (byte) 0xff, 1});
        assertThat(reason).contains("malformed Noise handshake payload");
    }

    @Test
    void unknownExtensionsAndFieldsAreTolerated() throws Exception {
        NoiseHandshakeHandler initiator = new NoiseHandshakeHandler(initiatorKey, true, null, TIMEOUT);
        EmbeddedChannel a = channel(initiator);
        ByteBuf first = drain(a);
        byte[] message1 = new byte[first.readableBytes() - 2];
        first.getBytes(2, message1);
        first.release();
        X25519.KeyPair responderStatic = X25519.generate();
        HandshakeState fake = HandshakeState.libp2p(false, responderStatic);
        fake.readMessage(message1);
        byte[] payload = HandshakePayload.create(responderKey, responderStatic.publicKey(), List.of("/yamux/1.0.0"));
        // append extension field 1 (webtransport_certhashes) inside extensions, and an unknown top-level field 9
        NoiseHandshakePayload parsed = NoiseHandshakePayload.parseFrom(payload);
        byte[] withExtras = parsed.toBuilder()
                .setExtensions(parsed.getExtensions().toBuilder()
                        .addWebtransportCerthashes(ByteString.copyFrom(new byte[34])))
                .build().toByteArray();
        byte[] unknownField = {(byte) 0x4a, 2, 7, 7};
        byte[] full = new byte[withExtras.length + unknownField.length];
        System.arraycopy(withExtras, 0, full, 0, withExtras.length);
        System.arraycopy(unknownField, 0, full, withExtras.length, unknownField.length);
        byte[] message2 = fake.writeMessage(full);
        a.writeInbound(Unpooled.buffer().writeShort(message2.length).writeBytes(message2));
        assertThat(initiator.handshakeFuture().get(0, TimeUnit.SECONDS).remoteMuxers()).containsExactly("/yamux/1.0.0");
    }

    @Test
    void shortFirstMessageIsRejected() {
        NoiseHandshakeHandler responder = new NoiseHandshakeHandler(responderKey, false, null, TIMEOUT);
        EmbeddedChannel b = channel(responder);
        b.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 5, 1, 2, 3, 4, 5}));
        assertThat(failure(responder.handshakeFuture()))
                .contains("message 1 rejected").contains("5 bytes, shorter than the minimum of 32");
        assertThat(b.isOpen()).isFalse();
    }

    @Test
    void smallOrderEphemeralKeyIsRejected() {
        NoiseHandshakeHandler responder = new NoiseHandshakeHandler(responderKey, false, null, TIMEOUT);
        EmbeddedChannel b = channel(responder);
        b.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 32}, new byte[32])); // u = 0: DH output all zeros
        assertThat(failure(responder.handshakeFuture())).contains("invalid X25519 public key");
        assertThat(b.isOpen()).isFalse();
    }

    @Test
    void garbageSecondMessageFailsToDecrypt() {
        NoiseHandshakeHandler initiator = new NoiseHandshakeHandler(initiatorKey, true, null, TIMEOUT);
        EmbeddedChannel a = channel(initiator);
        drain(a).release();
        byte[] garbage = new byte[200];
        new java.util.Random(1).nextBytes(garbage);
        a.writeInbound(Unpooled.buffer().writeShort(garbage.length).writeBytes(garbage));
        assertThat(failure(initiator.handshakeFuture())).contains("message 2 rejected");
        assertThat(a.isOpen()).isFalse();
    }

    @Test
    void plaintextProtocolInsteadOfNoiseIsRejectedByItsLengthPrefix() {
        NoiseHandshakeHandler responder = new NoiseHandshakeHandler(responderKey, false, null, TIMEOUT);
        EmbeddedChannel b = channel(responder);
        b.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\n", StandardCharsets.US_ASCII));
        assertThat(failure(responder.handshakeFuture())).contains("claims 18245 bytes");
        assertThat(b.isOpen()).isFalse();
    }

    @Test
    void oversizedLengthPrefixIsRejectedBeforeBuffering() {
        NoiseHandshakeHandler responder = new NoiseHandshakeHandler(responderKey, false, null, TIMEOUT);
        EmbeddedChannel b = channel(responder);
        b.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0xff, (byte) 0xff, 1, 2, 3}));
        assertThat(failure(responder.handshakeFuture())).contains("claims 65535 bytes, more than the 8192 allowed");
        assertThat(b.isOpen()).isFalse();
    }

    @Test
    void stalledPeerMidHandshakeTimesOut() {
        NoiseHandshakeHandler responder = new NoiseHandshakeHandler(responderKey, false, null, TIMEOUT);
        EmbeddedChannel b = frozenChannel(responder);
        b.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 32}, new byte[10])); // a third of message 1, then silence
        b.advanceTimeBy(TIMEOUT.toMillis() - 1, TimeUnit.MILLISECONDS);
        b.runScheduledPendingTasks();
        assertThat(responder.handshakeFuture()).isNotDone();
        b.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        b.runScheduledPendingTasks();
        assertThat(failure(responder.handshakeFuture())).contains("timed out after 10000 ms waiting for message 1");
        assertThat(b.isOpen()).isFalse();
    }

    @Test
    void initiatorTimesOutWhenTheResponderNeverAnswers() {
        NoiseHandshakeHandler initiator = new NoiseHandshakeHandler(initiatorKey, true, null, TIMEOUT);
        EmbeddedChannel a = frozenChannel(initiator);
        drain(a).release();
        a.advanceTimeBy(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        a.runScheduledPendingTasks();
        assertThat(failure(initiator.handshakeFuture())).contains("waiting for message 2");
    }

    @Test
    void bytesPipelinedAfterTheLastHandshakeMessageReachTheTransportCodec() throws Exception {
        NoiseHandshakeHandler initiator = new NoiseHandshakeHandler(initiatorKey, true, null, TIMEOUT);
        NoiseHandshakeHandler responder = new NoiseHandshakeHandler(responderKey, false, null, TIMEOUT);
        EmbeddedChannel a = channel(initiator);
        EmbeddedChannel b = channel(responder);
        b.writeInbound(drain(a));
        a.writeInbound(drain(b));
        assertThat(initiator.handshakeFuture()).isCompleted();
        a.writeAndFlush(Unpooled.copiedBuffer("/multistream/1.0.0\n", StandardCharsets.UTF_8));
        ByteBuf messageThreeAndData = drain(a); // message 3 and the first transport frame in one read
        b.writeInbound(messageThreeAndData);
        assertThat(responder.handshakeFuture()).isCompleted();
        assertThat(readText(b)).isEqualTo("/multistream/1.0.0\n");
    }

    @Test
    void closeDuringHandshakeFailsTheFuture() {
        NoiseHandshakeHandler responder = new NoiseHandshakeHandler(responderKey, false, null, TIMEOUT);
        EmbeddedChannel b = channel(responder);
        b.close();
        assertThat(failure(responder.handshakeFuture())).contains("closed during the Noise handshake");
    }

    @Test
    void writesBeforeTheHandshakeCompletesAreRefused() {
        NoiseHandshakeHandler initiator = new NoiseHandshakeHandler(initiatorKey, true, null, TIMEOUT);
        EmbeddedChannel a = channel(initiator);
        var write = a.writeAndFlush(Unpooled.copiedBuffer("too early", StandardCharsets.UTF_8));
        assertThat(write.isSuccess()).isFalse();
        assertThat(write.cause()).hasMessageContaining("before the Noise handshake completes");
    }

    @Test
    void rejectsANonPositiveTimeout() {
        assertThatThrownBy(() -> new NoiseHandshakeHandler(initiatorKey, true, null, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

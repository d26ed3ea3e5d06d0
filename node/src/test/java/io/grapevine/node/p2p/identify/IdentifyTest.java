package io.grapevine.node.p2p.identify;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.multiformats.Varint;
import io.grapevine.node.p2p.identify.proto.Identify;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class IdentifyTest {
    private static final Ed25519PrivateKey KEY = Ed25519PrivateKey.generate();
    private static final PeerId PEER = PeerId.fromPublicKey(KEY.publicKey());
    private static final IdentifyInfo INFO = new IdentifyInfo(IdentifyInfo.DEFAULT_PROTOCOL_VERSION, "grapevine/0.1.0",
            KEY.publicKey(), List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"), Multiaddr.parse("/ip6/::1/tcp/4001")),
            null, List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0"));
    private static final Multiaddr OBSERVED = Multiaddr.parse("/ip4/203.0.113.7/tcp/51000");

    @Test
    void responderWritesOneLengthPrefixedMessageAndCloses() throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel(new IdentifyResponder(() -> INFO, OBSERVED, Duration.ofSeconds(5)));
        ByteBuf out = channel.readOutbound();
        byte[] bytes = ByteBufUtil.getBytes(out);
        out.release();
        Varint.Decoded length = Varint.decode(bytes, 0);
        assertThat(length.value()).isEqualTo(bytes.length - length.length());
        Identify message = Identify.parseFrom(java.util.Arrays.copyOfRange(bytes, length.length(), bytes.length));
        assertThat(message.getProtocolVersion()).isEqualTo("ipfs/0.1.0");
        assertThat(message.getAgentVersion()).isEqualTo("grapevine/0.1.0");
        assertThat(message.getPublicKey().toByteArray()).isEqualTo(KEY.publicKey().marshal());
        assertThat(Multiaddr.fromBytes(message.getObservedAddr().toByteArray())).isEqualTo(OBSERVED);
        assertThat(message.getListenAddrsCount()).isEqualTo(2);
        assertThat(message.getProtocolsList()).containsExactly("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0");
        assertThat(channel.isOpen()).isFalse();
        assertThat((Object) channel.readOutbound()).isNull();
    }

    @Test
    void responderRefusesToSendAnOversizedMessage() {
        List<String> protocols = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            protocols.add("/some/protocol/number/" + i);
        }
        IdentifyInfo huge = new IdentifyInfo(null, null, null, null, null, protocols);
        EmbeddedChannel channel = new EmbeddedChannel(new IdentifyResponder(() -> huge, null, Duration.ofSeconds(5)));
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void requesterReadsAMessageArrivingByteByByte() throws Exception {
        IdentifyRequester requester = new IdentifyRequester(PEER, Duration.ofSeconds(5));
        EmbeddedChannel channel = new EmbeddedChannel(requester);
        byte[] framed = frame(IdentifyCodec.encode(INFO.withObservedAddr(OBSERVED)).toByteArray());
        for (byte b : framed) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertThat(requester.result()).isNotDone();
        channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        IdentifyInfo info = requester.result().get(1, TimeUnit.SECONDS);
        assertThat(info).isEqualTo(INFO.withObservedAddr(OBSERVED));
        assertThat(PeerId.fromPublicKey(info.publicKey())).isEqualTo(PEER);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void requesterMergesSplitMessages() throws Exception {
        IdentifyRequester requester = new IdentifyRequester(PEER, Duration.ofSeconds(5));
        EmbeddedChannel channel = new EmbeddedChannel(requester);
        Identify first = IdentifyCodec.encode(INFO);
        Identify second = Identify.newBuilder().setSignedPeerRecord(ByteString.copyFrom(new byte[300]))
                .addListenAddrs(ByteString.copyFrom(Multiaddr.parse("/dns4/example.org/tcp/1").toBytes())).build();
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(frame(first.toByteArray()));
        both.writeBytes(frame(second.toByteArray()));
        channel.writeInbound(Unpooled.wrappedBuffer(both.toByteArray()));
        channel.close();
        IdentifyInfo info = requester.result().get(1, TimeUnit.SECONDS);
        assertThat(info.listenAddrs()).hasSize(3).last().hasToString("/dns4/example.org/tcp/1");
        assertThat(info.agentVersion()).isEqualTo("grapevine/0.1.0");
    }

    @Test
    void requesterRejectsAKeyForAnotherPeer() {
        PeerId other = PeerId.fromPublicKey(Ed25519PrivateKey.generate().publicKey());
        assertFails(other, frame(IdentifyCodec.encode(INFO).toByteArray()), "expected " + other);
    }

    @Test
    void requesterWithoutExpectationAcceptsAnyKey() throws Exception {
        IdentifyRequester requester = new IdentifyRequester(null, Duration.ofSeconds(5));
        EmbeddedChannel channel = new EmbeddedChannel(requester);
        channel.writeInbound(Unpooled.wrappedBuffer(frame(IdentifyCodec.encode(INFO).toByteArray())));
        channel.close();
        assertThat(requester.result().get(1, TimeUnit.SECONDS).publicKey()).isEqualTo(KEY.publicKey());
    }

    @Test
    void pushWithOnlyChangedFieldsKeepsAbsentFieldsNull() throws Exception {
        IdentifyRequester receiver = new IdentifyRequester(PEER, Duration.ofSeconds(5));
        EmbeddedChannel channel = new EmbeddedChannel(receiver);
        Identify partial = Identify.newBuilder()
                .addListenAddrs(ByteString.copyFrom(Multiaddr.parse("/ip4/198.51.100.1/tcp/4001").toBytes())).build();
        channel.writeInbound(Unpooled.wrappedBuffer(frame(partial.toByteArray())));
        channel.close();
        IdentifyInfo info = receiver.result().get(1, TimeUnit.SECONDS);
        assertThat(info.publicKey()).isNull();
        assertThat(info.agentVersion()).isNull();
        assertThat(info.observedAddr()).isNull();
        assertThat(info.protocols()).isEmpty();
        assertThat(info.listenAddrs()).extracting(Multiaddr::toString).containsExactly("/ip4/198.51.100.1/tcp/4001");
    }

    @Test
    void unknownAddressesAreSkippedNotFatal() throws Exception {
        IdentifyRequester requester = new IdentifyRequester(PEER, Duration.ofSeconds(5));
        EmbeddedChannel channel = new EmbeddedChannel(requester);
        Identify message = IdentifyCodec.encode(INFO).toBuilder()
                .addListenAddrs(ByteString.copyFrom(new byte[] {(byte) 0xff, 0x7f, 1}))
                .setObservedAddr(ByteString.copyFrom(new byte[] {4, 1})).build();
        channel.writeInbound(Unpooled.wrappedBuffer(frame(message.toByteArray())));
        channel.close();
        IdentifyInfo info = requester.result().get(1, TimeUnit.SECONDS);
        assertThat(info.listenAddrs()).hasSize(2);
        assertThat(info.observedAddr()).isNull();
    }

    @Test
    void badInputFails() {
        assertFails(PEER, new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, 0x40}, "exceeds");
        assertFails(PEER, new byte[] {(byte) 0x80, 0x00}, "length prefix");
        assertFails(PEER, frame(new byte[] {0x0a, 0x05, 1}), "malformed");
        assertFails(PEER, frame(new byte[] {(byte) 0xff, 0x01}), "malformed");
        byte[] truncated = frame(IdentifyCodec.encode(INFO).toByteArray());
        assertFails(PEER, java.util.Arrays.copyOf(truncated, truncated.length - 1), "before a complete");
        assertFails(PEER, new byte[0], "before a complete");
        Identify badKey = Identify.newBuilder().setPublicKey(ByteString.copyFrom(new byte[] {8, 1, 0x12, 1, 0})).build();
        assertFails(PEER, frame(badKey.toByteArray()), "invalid public key");
        // More than 64 KiB in total, in messages that are each small.
        ByteArrayOutputStream flood = new ByteArrayOutputStream();
        byte[] one = frame(Identify.newBuilder().addProtocols("x".repeat(1000)).build().toByteArray());
        while (flood.size() <= IdentifyRequester.MAX_MESSAGE_SIZE + 10) {
            flood.writeBytes(one);
        }
        assertFails(PEER, flood.toByteArray(), "larger than");
    }

    @Test
    void requesterTimesOut() {
        IdentifyRequester requester = new IdentifyRequester(PEER, Duration.ofSeconds(5));
        EmbeddedChannel channel = new EmbeddedChannel(requester);
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x10, 0x01}));
        channel.advanceTimeBy(6, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(requester.result()).failsWithin(Duration.ofSeconds(1)).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(IdentifyException.class).havingCause().isInstanceOf(TimeoutException.class);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aCompleteMessageStandsWhenTheRemoteNeverCloses() throws Exception {
        IdentifyRequester requester = new IdentifyRequester(PEER, Duration.ofSeconds(5));
        EmbeddedChannel channel = new EmbeddedChannel(requester);
        channel.writeInbound(Unpooled.wrappedBuffer(frame(IdentifyCodec.encode(INFO).toByteArray())));
        channel.advanceTimeBy(6, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(requester.result().get(1, TimeUnit.SECONDS).agentVersion()).isEqualTo("grapevine/0.1.0");
        assertThat(channel.isOpen()).isFalse();
    }

    /** Responder on one end of a loopback TCP connection, requester on the other; also how a push is sent. */
    @Test
    void identifyOverLoopbackTcp() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            Multiaddr observed = Multiaddr.fromSocketAddress((InetSocketAddress) ch.remoteAddress());
                            ch.pipeline().addLast(new IdentifyResponder(() -> INFO, observed, Duration.ofSeconds(5)));
                        }
                    })
                    .bind("127.0.0.1", 0).sync().channel();
            IdentifyRequester requester = new IdentifyRequester(PEER, Duration.ofSeconds(5));
            Channel client = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .handler(requester)
                    .connect(server.localAddress()).sync().channel();
            CompletableFuture<IdentifyInfo> result = requester.result();
            IdentifyInfo info = result.get(5, TimeUnit.SECONDS);
            assertThat(info.publicKey()).isEqualTo(KEY.publicKey());
            assertThat(info.observedAddr()).isEqualTo(Multiaddr.fromSocketAddress((InetSocketAddress) client.localAddress()));
            assertThat(client.closeFuture().await(5, TimeUnit.SECONDS)).isTrue();
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static void assertFails(PeerId expected, byte[] input, String message) {
        IdentifyRequester requester = new IdentifyRequester(expected, Duration.ofSeconds(5));
        EmbeddedChannel channel = new EmbeddedChannel(requester);
        channel.writeInbound(Unpooled.wrappedBuffer(input));
        channel.close();
        assertThat(requester.result()).failsWithin(Duration.ofSeconds(1)).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(IdentifyException.class).withMessageContaining(message);
        channel.finishAndReleaseAll();
    }

    private static byte[] frame(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Varint.encode(body.length));
        out.writeBytes(body);
        return out.toByteArray();
    }
}

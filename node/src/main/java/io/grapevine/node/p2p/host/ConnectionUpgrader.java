package io.grapevine.node.p2p.host;

import io.grapevine.node.identity.PeerId;
import io.grapevine.node.identity.PrivateKey;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.p2p.multistream.MultistreamSelect;
import io.grapevine.node.p2p.noise.NoiseHandshakeHandler;
import io.grapevine.node.p2p.yamux.YamuxConfig;
import io.grapevine.node.p2p.yamux.YamuxSession;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a raw TCP channel into a {@link Connection}: multistream "/noise", the Noise XX handshake, multistream
 * "/yamux/1.0.0", then a Yamux session. The dialler is the initiator at every step; the whole upgrade is bounded by
 * one timeout, and any failure closes the channel.
 */
final class ConnectionUpgrader {
    static final String NOISE = "/noise";
    static final String YAMUX = "/yamux/1.0.0";
    private static final String ERRORS = "transport-errors";

    private static final Logger log = LoggerFactory.getLogger(ConnectionUpgrader.class);

    private final PrivateKey identityKey;
    private final YamuxConfig yamuxConfig;
    private final Duration upgradeTimeout;
    private final Duration negotiationTimeout;
    private final Set<String> backgroundProtocols;
    private final Function<Connection, ChannelInitializer<Channel>> inboundStreams;

    ConnectionUpgrader(PrivateKey identityKey, YamuxConfig yamuxConfig, Duration upgradeTimeout,
            Duration negotiationTimeout, Set<String> backgroundProtocols,
            Function<Connection, ChannelInitializer<Channel>> inboundStreams) {
        this.identityKey = identityKey;
        this.yamuxConfig = yamuxConfig;
        this.upgradeTimeout = upgradeTimeout;
        this.negotiationTimeout = negotiationTimeout;
        this.backgroundProtocols = backgroundProtocols;
        this.inboundStreams = inboundStreams;
    }

    /**
     * Upgrades {@code raw}. {@code expectedPeer} (dialling a /p2p/ address) makes the handshake fail unless the remote
     * proves that identity. Call it from the channel's initializer, before the channel can read: the responder speaks
     * first, and bytes arriving before the handlers are in place would be lost. For a dialled channel the timeout
     * also covers the TCP connect.
     */
    CompletableFuture<Connection> upgrade(Channel raw, Direction direction, PeerId expectedPeer) {
        CompletableFuture<Connection> result = new CompletableFuture<>();
        if (raw.eventLoop().inEventLoop()) {
            start(raw, direction, expectedPeer, result);
        } else {
            raw.eventLoop().execute(() -> start(raw, direction, expectedPeer, result));
        }
        return result;
    }

    private void start(Channel raw, Direction direction, PeerId expectedPeer, CompletableFuture<Connection> result) {
        boolean initiator = direction == Direction.OUTBOUND;
        ScheduledFuture<?> timer = raw.eventLoop().schedule(
                () -> fail(raw, result, new IOException("connection upgrade timed out after " + upgradeTimeout)),
                upgradeTimeout.toNanos(), TimeUnit.NANOSECONDS);
        result.whenComplete((c, e) -> timer.cancel(false));
        raw.closeFuture().addListener(f -> result.completeExceptionally(
                new IOException("connection closed during upgrade")));

        MultistreamSelect security = select(initiator, NOISE);
        raw.pipeline().addLast(ERRORS, new TransportErrors());
        raw.pipeline().addBefore(ERRORS, "security-select", security);
        security.negotiated().whenComplete((protocol, error) -> {
            if (error != null) {
                fail(raw, result, error);
                return;
            }
            NoiseHandshakeHandler noise =
                    new NoiseHandshakeHandler(identityKey, initiator, expectedPeer, upgradeTimeout);
            raw.pipeline().addBefore(ERRORS, "noise", noise);
            noise.handshakeFuture().whenComplete((session, handshakeError) -> {
                if (handshakeError != null) {
                    fail(raw, result, handshakeError);
                    return;
                }
                Connection connection = new Connection(raw, session.remotePeer(), session.remoteKey(),
                        address(raw.remoteAddress()), address(raw.localAddress()), direction,
                        negotiationTimeout, backgroundProtocols);
                MultistreamSelect muxer = select(initiator, YAMUX);
                raw.pipeline().addBefore(ERRORS, "muxer-select", muxer);
                muxer.negotiated().whenComplete((agreed, muxerError) -> {
                    if (muxerError != null) {
                        fail(raw, result, muxerError);
                        return;
                    }
                    YamuxSession yamux = new YamuxSession(initiator, yamuxConfig, inboundStreams.apply(connection));
                    connection.attach(yamux);
                    raw.pipeline().addBefore(ERRORS, "yamux", yamux);
                    result.complete(connection);
                });
            });
        });
    }

    private MultistreamSelect select(boolean initiator, String protocol) {
        return initiator
                ? MultistreamSelect.initiator(List.of(protocol), negotiationTimeout)
                : MultistreamSelect.responder(Set.of(protocol), negotiationTimeout);
    }

    private static void fail(Channel raw, CompletableFuture<Connection> result, Throwable error) {
        result.completeExceptionally(error);
        raw.close();
    }

    /** Last in every connection's pipeline: socket errors (reset, broken pipe) end the connection quietly. */
    private static final class TransportErrors extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("closing {} after a transport error: {}", ctx.channel(), cause.toString());
            ctx.close();
        }
    }

    static Multiaddr address(java.net.SocketAddress address) {
        return Multiaddr.fromSocketAddress((InetSocketAddress) address);
    }
}

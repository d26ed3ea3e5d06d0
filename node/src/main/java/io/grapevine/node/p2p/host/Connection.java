package io.grapevine.node.p2p.host;

import io.grapevine.node.identity.PeerId;
import io.grapevine.node.identity.PublicKey;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.p2p.multistream.MultistreamSelect;
import io.grapevine.node.p2p.yamux.YamuxSession;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An upgraded libp2p connection (TCP, Noise, Yamux) to one authenticated peer. Streams opened on it negotiate their
 * protocol with multistream-select; the dialler of a stream is the initiator.
 */
public final class Connection {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    private final Channel channel;
    private final PeerId remotePeer;
    private final PublicKey remotePublicKey;
    private final Multiaddr remoteAddress;
    private final Multiaddr localAddress;
    private final Direction direction;
    private final Instant openedAt = Instant.now();
    private final Duration negotiationTimeout;
    /** Host-internal protocols (identify, ping) whose streams do not keep a connection from being idle. */
    private final Set<String> backgroundProtocols;
    private final CompletableFuture<Connection> closeFuture = new CompletableFuture<>();
    private volatile YamuxSession session;
    private int activeStreams;
    private long idleSinceNanos = System.nanoTime();

    Connection(Channel channel, PeerId remotePeer, PublicKey remotePublicKey, Multiaddr remoteAddress,
            Multiaddr localAddress, Direction direction, Duration negotiationTimeout, Set<String> backgroundProtocols) {
        this.channel = channel;
        this.remotePeer = remotePeer;
        this.remotePublicKey = remotePublicKey;
        this.remoteAddress = remoteAddress;
        this.localAddress = localAddress;
        this.direction = direction;
        this.negotiationTimeout = negotiationTimeout;
        this.backgroundProtocols = backgroundProtocols;
        channel.closeFuture().addListener(f -> closeFuture.complete(this));
    }

    void attach(YamuxSession session) {
        this.session = session;
    }

    public PeerId remotePeer() {
        return remotePeer;
    }

    public PublicKey remotePublicKey() {
        return remotePublicKey;
    }

    /** The remote's transport address (without /p2p/). */
    public Multiaddr remoteAddress() {
        return remoteAddress;
    }

    public Multiaddr localAddress() {
        return localAddress;
    }

    public Direction direction() {
        return direction;
    }

    public Instant openedAt() {
        return openedAt;
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    /** Completes (with this connection) once the connection is closed, for whatever reason. */
    public CompletableFuture<Connection> closeFuture() {
        return closeFuture;
    }

    /**
     * Opens a stream, proposing {@code protocols} in order. The future completes with the agreed protocol; its
     * stream's channel has no handlers yet, and bytes the remote sends before yours are added are dropped, so use
     * {@link #newStream(List, StreamHandler)} for protocols where the remote speaks first.
     */
    public CompletableFuture<Stream> newStream(List<String> protocols) {
        return newStream(protocols, stream -> {});
    }

    /**
     * Opens a stream, proposing {@code protocols} in order. {@code initializer} runs on the stream's event loop as
     * soon as a protocol is agreed and before any protocol bytes are delivered: install the protocol's handlers there.
     */
    public CompletableFuture<Stream> newStream(List<String> protocols, StreamHandler initializer) {
        CompletableFuture<Stream> result = new CompletableFuture<>();
        YamuxSession yamux = session;
        if (yamux == null || !isOpen()) {
            result.completeExceptionally(new java.io.IOException("connection to " + remotePeer + " is closed"));
            return result;
        }
        MultistreamSelect select = MultistreamSelect.initiator(protocols, negotiationTimeout);
        ChannelHandler streamInit = new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel streamChannel) {
                Stream.allowHalfClosure(streamChannel);
                streamChannel.pipeline().addLast("multistream", select);
                select.negotiated().whenComplete((protocol, error) -> {
                    if (error != null) {
                        result.completeExceptionally(error);
                        return;
                    }
                    Stream stream = new Stream(streamChannel, protocol, Connection.this);
                    try {
                        track(stream);
                        initializer.handle(stream);
                        result.complete(stream);
                    } catch (Exception | LinkageError e) {
                        log.warn("stream initializer for {} failed: {}", protocol, e.toString());
                        streamChannel.close();
                        result.completeExceptionally(e);
                    }
                });
            }
        };
        yamux.openStream(streamInit).addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(f.cause());
            }
        });
        return result;
    }

    /** Counts a negotiated stream, in either direction, for idle detection. */
    void track(Stream stream) {
        if (backgroundProtocols.contains(stream.protocol())) {
            return;
        }
        synchronized (this) {
            activeStreams++;
        }
        stream.channel().closeFuture().addListener(f -> {
            synchronized (Connection.this) {
                if (--activeStreams == 0) {
                    idleSinceNanos = System.nanoTime();
                }
            }
        });
    }

    /** Application streams open now (identify and ping excluded). */
    public synchronized int activeStreams() {
        return activeStreams;
    }

    /** How long the connection has had no application streams; zero while it has some. */
    public synchronized Duration idleFor() {
        return activeStreams > 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - idleSinceNanos);
    }

    /** Closes the connection (the Yamux session says GO_AWAY first); the future completes once it is closed. */
    public CompletableFuture<Connection> close() {
        channel.close();
        return closeFuture;
    }

    /** Closes at once, without GO_AWAY (duplicate or rejected connections, failed liveness). */
    void abort(String reason) {
        log.debug("closing connection to {}: {}", remotePeer, reason);
        channel.close();
    }

    Channel channel() {
        return channel;
    }

    @Override
    public String toString() {
        return "Connection[" + direction.name().toLowerCase() + " " + remotePeer + " " + remoteAddress + "]";
    }
}

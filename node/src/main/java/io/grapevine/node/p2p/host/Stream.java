package io.grapevine.node.p2p.host;

import io.grapevine.node.identity.PeerId;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;

/**
 * A negotiated stream: its Netty channel (a Yamux stream), the agreed protocol id, and its connection.
 *
 * <p>Streams follow libp2p half-close semantics ({@code ALLOW_HALF_CLOSURE} is on): the remote's FIN ends only its
 * direction and arrives as a {@code ChannelInputShutdownEvent}; writes already queued still go out. End your side
 * with {@code ((DuplexChannel) channel()).shutdownOutput()} or {@link #close()}.
 */
public final class Stream {
    private final Channel channel;
    private final String protocol;
    private final Connection connection;

    Stream(Channel channel, String protocol, Connection connection) {
        this.channel = channel;
        this.protocol = protocol;
        this.connection = connection;
    }

    public Channel channel() {
        return channel;
    }

    public String protocol() {
        return protocol;
    }

    public Connection connection() {
        return connection;
    }

    public PeerId remotePeer() {
        return connection.remotePeer();
    }

    /** Netty's default closes a channel on input shutdown, dropping queued writes; libp2p streams half-close. */
    static void allowHalfClosure(Channel streamChannel) {
        streamChannel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    }

    /** Closes the stream (FIN; released when both sides are done). */
    public ChannelFuture close() {
        return channel.close();
    }

    @Override
    public String toString() {
        return "Stream[" + protocol + " " + channel.id().asShortText() + " on " + connection + "]";
    }
}

package io.grapevine.node.p2p.host;

import io.grapevine.node.identity.PeerId;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;

/** A negotiated stream: its Netty channel (a Yamux stream), the agreed protocol id, and its connection. */
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

    /** Closes the stream (FIN; released when both sides are done). */
    public ChannelFuture close() {
        return channel.close();
    }

    @Override
    public String toString() {
        return "Stream[" + protocol + " " + channel.id().asShortText() + " on " + connection + "]";
    }
}

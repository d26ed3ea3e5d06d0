package io.grapevine.node.p2p.host;

import io.grapevine.node.p2p.multistream.MultistreamSelect;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The registered protocol handlers, and the multistream responder that routes each inbound stream to one. */
final class StreamRouter {
    private static final Logger log = LoggerFactory.getLogger(StreamRouter.class);

    private final Map<String, StreamHandler> handlers = new ConcurrentHashMap<>();
    private final Duration negotiationTimeout;

    StreamRouter(Duration negotiationTimeout) {
        this.negotiationTimeout = negotiationTimeout;
    }

    void register(String protocol, StreamHandler handler) {
        if (protocol.isEmpty() || protocol.length() > 1000 || protocol.contains("\n")) {
            throw new IllegalArgumentException("not a valid protocol id: " + protocol);
        }
        handlers.put(protocol, Objects.requireNonNull(handler, "handler"));
    }

    void unregister(String protocol) {
        handlers.remove(protocol);
    }

    /** A live view of the registered protocol ids. */
    Set<String> protocols() {
        return handlers.keySet();
    }

    /** The initializer for each stream the remote opens on {@code connection}. */
    ChannelInitializer<Channel> inboundInitializer(Connection connection) {
        return new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel streamChannel) {
                Stream.allowHalfClosure(streamChannel);
                MultistreamSelect select = MultistreamSelect.responder(handlers.keySet(), negotiationTimeout);
                streamChannel.pipeline().addLast("multistream", select);
                select.negotiated().thenAccept(protocol -> dispatch(connection, streamChannel, protocol));
            }
        };
    }

    private void dispatch(Connection connection, Channel streamChannel, String protocol) {
        StreamHandler handler = handlers.get(protocol);
        if (handler == null) {
            // Unregistered between the agreement and now.
            streamChannel.close();
            return;
        }
        Stream stream = new Stream(streamChannel, protocol, connection);
        try {
            connection.track(stream);
            handler.handle(stream);
        } catch (Exception | LinkageError e) {
            log.warn("handler for {} failed on a stream from {}: {}", protocol, connection.remotePeer(), e.toString());
            streamChannel.close();
        }
    }
}

package io.grapevine.node.pubsub;

import io.grapevine.node.identity.PeerId;
import io.grapevine.node.p2p.host.Connection;
import io.grapevine.node.p2p.host.ConnectionListener;
import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.pubsub.gossipsub.GossipsubParams;
import io.grapevine.node.pubsub.gossipsub.GossipsubRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pubsub service of a node: a {@link GossipsubRouter} signing with the host's identity, serving the meshsub and
 * floodsub protocols on the host and following its connections.
 */
public final class Pubsub implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Pubsub.class);

    private final Host host;
    private final GossipsubRouter router;
    private final ConnectionListener listener;

    public Pubsub(Host host, GossipsubParams params) {
        this.host = host;
        this.router = new GossipsubRouter(host.config().identityKey(), params, this::dialOffered);
        this.listener = new ConnectionListener() {
            @Override
            public void opened(Connection connection) {
                router.connected(connection);
            }

            @Override
            public void closed(Connection connection) {
                router.disconnected(connection);
            }
        };
    }

    /** Registers the protocol handlers and starts following connections, including those already open. */
    public Pubsub start() {
        for (String protocol : PubsubProtocols.ALL) {
            host.setStreamHandler(protocol, router::inboundStream);
        }
        host.addConnectionListener(listener);
        host.connections().forEach(router::connected);
        return this;
    }

    public GossipsubRouter router() {
        return router;
    }

    private void dialOffered(PeerId peer) {
        host.dial(peer).exceptionally(e -> {
            log.debug("could not dial {} offered by peer exchange: {}", peer, e.toString());
            return null;
        });
    }

    @Override
    public void close() {
        host.removeConnectionListener(listener);
        for (String protocol : PubsubProtocols.ALL) {
            host.removeStreamHandler(protocol);
        }
        router.close();
    }
}

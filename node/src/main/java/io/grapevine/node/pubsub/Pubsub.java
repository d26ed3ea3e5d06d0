package io.grapevine.node.pubsub;

import io.grapevine.node.identity.PeerId;
import io.grapevine.node.p2p.host.Connection;
import io.grapevine.node.p2p.host.ConnectionListener;
import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.pubsub.gossipsub.GossipsubParams;
import io.grapevine.node.pubsub.gossipsub.GossipsubRouter;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
    private final ScheduledExecutorService directDialer;

    public Pubsub(Host host, GossipsubParams params) {
        this.host = host;
        this.router = new GossipsubRouter(host.config().identityKey(), params, this::dialOffered);
        this.directDialer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "grapevine-pubsub-direct");
            t.setDaemon(true);
            return t;
        });
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
        List<Multiaddr> direct = router.params().directPeers();
        if (!direct.isEmpty()) {
            long every = router.params().directConnectInterval().toMillis();
            directDialer.scheduleWithFixedDelay(() -> connectDirect(direct), 0, every, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    public GossipsubRouter router() {
        return router;
    }

    /** Explicit peers are dialled at start and whenever a periodic check finds them disconnected (v1.1). */
    private void connectDirect(List<Multiaddr> direct) {
        for (Multiaddr address : direct) {
            if (host.connection(address.peerId().orElseThrow()).isEmpty()) {
                host.dial(address).exceptionally(e -> {
                    log.info("direct peer {} unreachable: {}", address, e.toString());
                    return null;
                });
            }
        }
    }

    private void dialOffered(PeerId peer) {
        host.dial(peer).exceptionally(e -> {
            log.debug("could not dial {} offered by peer exchange: {}", peer, e.toString());
            return null;
        });
    }

    @Override
    public void close() {
        directDialer.shutdownNow();
        host.removeConnectionListener(listener);
        for (String protocol : PubsubProtocols.ALL) {
            host.removeStreamHandler(protocol);
        }
        router.close();
    }
}

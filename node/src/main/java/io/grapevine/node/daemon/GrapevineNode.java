package io.grapevine.node.daemon;

import io.grapevine.node.announce.AnnounceFeature;
import io.grapevine.node.api.ApiBinding;
import io.grapevine.node.blocklists.BlocklistFeature;
import io.grapevine.node.market.MarketFeature;
import io.grapevine.node.api.ApiFiles;
import io.grapevine.node.api.ApiRoutes;
import io.grapevine.node.api.ApiServer;
import io.grapevine.node.api.NodeRoutes;
import io.grapevine.node.identity.Identity;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.api.events.EventsRoute;
import io.grapevine.node.events.NodeEvents;
import io.grapevine.node.metrics.GossipMeters;
import io.grapevine.node.metrics.MetricsRoute;
import io.grapevine.node.metrics.NodeMetrics;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.p2p.host.HostConfig;
import io.grapevine.node.pubsub.Pubsub;
import io.grapevine.node.pubsub.gossipsub.GossipsubParams;
import io.grapevine.node.pubsub.score.GrapevineTopicScores;
import io.grapevine.node.pubsub.score.PeerScoreThresholds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A running Grapevine node: the composition root of the daemon. It owns the libp2p host and, as features land,
 * storage, gossip, the index and the API; {@link #close()} shuts them down in reverse order.
 */
public final class GrapevineNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GrapevineNode.class);

    private final NodeHome home;
    private final Identity identity;
    private final Host host;
    private final Pubsub pubsub;
    private final List<NodeFeature> features;
    private final NodeMetrics metrics;
    private final NodeEvents events;
    private final ApiServer api;

    private GrapevineNode(NodeHome home, Identity identity, Host host, Pubsub pubsub, List<NodeFeature> features,
                          NodeMetrics metrics, NodeEvents events, ApiServer api) {
        this.home = home;
        this.identity = identity;
        this.host = host;
        this.pubsub = pubsub;
        this.features = List.copyOf(features);
        this.metrics = metrics;
        this.events = events;
        this.api = api;
    }

    /**
     * Options for one run; empty listen/bootstrap lists fall back to the home folder's config. {@code topics} are extra
     * raw gossip topics the node subscribes to, so that it joins their meshes and relays them. {@code api} is where the
     * HTTP API listens.
     */
    public record Options(List<String> listen, List<String> bootstrap, List<String> topics, ApiBinding api) {
        /** The HTTP API on 127.0.0.1, on a free port. */
        public Options(List<String> listen, List<String> bootstrap, List<String> topics) {
            this(listen, bootstrap, topics, ApiBinding.loopback());
        }

        public Options {
            api = api == null ? ApiBinding.loopback() : api;
            listen = listen == null ? List.of() : List.copyOf(listen);
            bootstrap = bootstrap == null ? List.of() : List.copyOf(bootstrap);
            topics = topics == null ? List.of() : List.copyOf(topics);
            for (String topic : topics) {
                if (topic.isBlank() || topic.length() > 256) {
                    throw new IllegalArgumentException("bad --topic '" + topic + "': 1 to 256 characters");
                }
            }
        }
    }

    /** Initializes the home folder if needed, then starts listening and dials bootstrap and known peers. */
    public static GrapevineNode start(NodeHome home, Options options) throws IOException {
        home.ensureExists();
        if (!java.nio.file.Files.exists(home.configFile())) NodeConfig.defaults().save(home.configFile());
        NodeConfig config = NodeConfig.load(home.configFile());
        Identity identity = Identity.loadOrCreate(home.dir());

        HostConfig.Builder builder = HostConfig.builder(identity.privateKey())
                .agentVersion(GrapevineVersion.AGENT)
                .peerStoreFile(home.peerStoreFile())
                .reconnectKnownPeers(true)
                .connectionLimits(config.maxConnections(), Math.max(1, config.maxConnections() * 3 / 4));
        for (String address : options.listen().isEmpty() ? config.listen() : options.listen()) {
            builder.listen(parse(address, "--listen"));
        }
        for (String address : options.bootstrap().isEmpty() ? config.bootstrap() : options.bootstrap()) {
            Multiaddr bootstrap = parse(address, "--bootstrap");
            if (bootstrap.peerId().isEmpty()) {
                throw new IllegalArgumentException("bootstrap address needs a /p2p/<peer-id> part: " + address);
            }
            builder.bootstrap(bootstrap);
        }
        Host host = new Host(builder.build());
        Instant startedAt = Instant.now();
        Pubsub pubsub = null;
        List<NodeFeature> features = new ArrayList<>();
        NodeMetrics metrics = new NodeMetrics();
        NodeEvents events = new NodeEvents();
        metrics.bindHost(host);
        ApiServer api;
        try {
            // Gossip first, so connections made by start() (bootstrap, known peers) are followed from the beginning.
            // Grapevine's own topics get their P3 delivery scoring (docs/pubsub.md); raw --topic topics keep defaults.
            pubsub = new Pubsub(host, GossipsubParams.builder()
                    .scoring(GrapevineTopicScores.scoring().build(), PeerScoreThresholds.defaults()).build()).start();
            pubsub.router().setMetrics(new GossipMeters(metrics.registry()));
            for (String topic : options.topics()) {
                pubsub.router().subscribe(topic, message -> log.debug("gossip on {}: {} bytes from {}",
                        topic, message.data().length, message.from()));
            }
            // Features register their protocols and topics before the host starts, for the same reason.
            ContentFeature content = ContentFeature.open(home, config, host);
            features.add(content);
            AnnounceFeature announce = AnnounceFeature.start(home.dir(), config, identity, host, pubsub, content);
            features.add(announce);
            BlocklistFeature blocklists = BlocklistFeature.start(identity.privateKey(), pubsub, content.database(),
                    metrics.registry());
            features.add(blocklists);
            content.setContentPolicy(blocklists.contentPolicy());
            blocklists.onContentBlocked(content::collectBlocked);
            blocklists.enforceOn(announce);
            MarketFeature market = MarketFeature.open(home.dir(), identity, host, content);
            features.add(market);
            FeatureMeters.bindContent(metrics.registry(), content);
            FeatureMeters.bindSearch(metrics.registry(), announce);
            FeatureMeters.bindBlocklists(metrics.registry(), blocklists.decisions());
            FeatureMeters.bindPayments(metrics.registry(), market.seller());
            EventSources.bindHost(events, host);
            EventSources.bindContent(events, content);
            EventSources.bindAnnouncements(events, announce);
            EventSources.bindBlocking(events, blocklists.decisions());
            // last: sessions start once the blocklist policy is on the announcement checker, and end first
            SyncFeature sync = SyncFeature.start(host, announce, metrics.registry(),
                    java.time.Duration.ofSeconds(config.syncIntervalSeconds()));
            features.add(sync);
            blocklists.attachSync(sync.service());
            host.start();
            List<ApiRoutes> routes = new ArrayList<>();
            routes.add(new NodeRoutes(host, startedAt));
            routes.add(new MetricsRoute(metrics));
            routes.add(new EventsRoute(events));
            for (NodeFeature feature : features) routes.addAll(feature.routes());
            api = ApiServer.start(options.api(), new ApiFiles(home.dir()), GrapevineVersion.VERSION, routes);
        } catch (IOException | RuntimeException e) {
            closeAll(features);
            if (pubsub != null) pubsub.close();
            host.close();
            metrics.close();
            throw e;
        }
        log.info("node {} started in {}", identity.peerId(), home.dir());
        return new GrapevineNode(home, identity, host, pubsub, features, metrics, events, api);
    }

    /** Closes features newest first: later features use earlier ones. */
    private static void closeAll(List<NodeFeature> features) {
        for (int i = features.size() - 1; i >= 0; i--) {
            try {
                features.get(i).close();
            } catch (RuntimeException e) {
                log.warn("closing {} failed", features.get(i).getClass().getSimpleName(), e);
            }
        }
    }

    private static Multiaddr parse(String text, String what) {
        try {
            return Multiaddr.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad " + what + " address '" + text + "': " + e.getMessage(), e);
        }
    }

    public PeerId peerId() { return identity.peerId(); }
    public NodeHome home() { return home; }
    public Host host() { return host; }
    public Pubsub pubsub() { return pubsub; }
    public ApiServer api() { return api; }
    public NodeMetrics metrics() { return metrics; }

    /** The running feature of that type, e.g. {@code node.feature(ContentFeature.class)}. */
    public <T extends NodeFeature> T feature(Class<T> type) {
        for (NodeFeature feature : features) {
            if (type.isInstance(feature)) return type.cast(feature);
        }
        throw new IllegalStateException("this node has no " + type.getSimpleName());
    }

    /** The addresses peers can dial, each ending in /p2p/&lt;our id&gt;. */
    public List<Multiaddr> listenAddresses() { return host.listenAddresses(); }

    @Override
    public void close() {
        // The API first, so its files disappear before the node stops answering: clients then say "not running".
        // Event streams end first, while the server can still finish their responses.
        events.close();
        api.close();
        closeAll(features);
        pubsub.close();
        host.close();
        metrics.close();
        log.info("node {} stopped", identity.peerId());
    }
}

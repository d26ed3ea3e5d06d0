package io.grapevine.node.p2p.host;

import io.grapevine.node.identity.PrivateKey;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.p2p.yamux.YamuxConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything a {@link Host} is configured with. Build with {@link #builder(PrivateKey)}; every limit has a default.
 *
 * @param identityKey         the node's libp2p identity (Noise static key is signed with it)
 * @param listenAddresses     addresses {@link Host#start()} listens on, e.g. {@code /ip4/0.0.0.0/tcp/4001}
 * @param bootstrapPeers      addresses (with /p2p/) dialled on start and protected from pruning
 * @param agentVersion        sent in identify; defaults to {@code grapevine/<version>}
 * @param peerStoreFile       where known peers are persisted, null for memory only
 * @param reconnectKnownPeers whether {@link Host#start()} redials peers from the peer store
 */
public record HostConfig(
        PrivateKey identityKey,
        List<Multiaddr> listenAddresses,
        List<Multiaddr> bootstrapPeers,
        String agentVersion,
        String protocolVersion,
        int maxConnections,
        int lowWaterConnections,
        Duration idleTimeout,
        int maxPendingUpgrades,
        Duration dialTimeout,
        Duration upgradeTimeout,
        Duration negotiationTimeout,
        Duration pingInterval,
        int maxPingFailures,
        Path peerStoreFile,
        int maxStoredPeers,
        boolean reconnectKnownPeers,
        int maxReconnects,
        int ioThreads,
        Duration closeTimeout,
        YamuxConfig yamuxConfig) {

    public static final String DEFAULT_PROTOCOL_VERSION = "ipfs/0.1.0";

    public HostConfig {
        Objects.requireNonNull(identityKey, "identityKey");
        listenAddresses = List.copyOf(listenAddresses);
        bootstrapPeers = List.copyOf(bootstrapPeers);
        Objects.requireNonNull(agentVersion, "agentVersion");
        Objects.requireNonNull(yamuxConfig, "yamuxConfig");
        if (maxConnections < 1 || lowWaterConnections < 0 || lowWaterConnections > maxConnections) {
            throw new IllegalArgumentException("need 0 <= lowWaterConnections <= maxConnections, maxConnections >= 1");
        }
        if (maxPendingUpgrades < 1 || maxPingFailures < 1 || maxStoredPeers < 1 || ioThreads < 1 || maxReconnects < 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        for (Duration d : List.of(idleTimeout, dialTimeout, upgradeTimeout, negotiationTimeout, closeTimeout)) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive: " + d);
            }
        }
        if (pingInterval.isNegative()) {
            throw new IllegalArgumentException("pingInterval must be >= 0 (0 disables)");
        }
    }

    public static Builder builder(PrivateKey identityKey) {
        return new Builder(identityKey);
    }

    /** {@code grapevine/<version>}, the version from the jar manifest when there is one. */
    public static String defaultAgentVersion() {
        String version = HostConfig.class.getPackage().getImplementationVersion();
        return "grapevine/" + (version == null ? "0.1.0" : version);
    }

    public static final class Builder {
        private final PrivateKey identityKey;
        private final List<Multiaddr> listenAddresses = new ArrayList<>();
        private final List<Multiaddr> bootstrapPeers = new ArrayList<>();
        private String agentVersion = defaultAgentVersion();
        private String protocolVersion = DEFAULT_PROTOCOL_VERSION;
        private int maxConnections = 200;
        private int lowWaterConnections = 100;
        private Duration idleTimeout = Duration.ofMinutes(5);
        private int maxPendingUpgrades = 64;
        private Duration dialTimeout = Duration.ofSeconds(10);
        private Duration upgradeTimeout = Duration.ofSeconds(15);
        private Duration negotiationTimeout = Duration.ofSeconds(10);
        private Duration pingInterval = Duration.ofSeconds(30);
        private int maxPingFailures = 3;
        private Path peerStoreFile;
        private int maxStoredPeers = 1000;
        private boolean reconnectKnownPeers;
        private int maxReconnects = 50;
        private int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private Duration closeTimeout = Duration.ofSeconds(3);
        private YamuxConfig yamuxConfig = YamuxConfig.defaults();

        private Builder(PrivateKey identityKey) {
            this.identityKey = Objects.requireNonNull(identityKey, "identityKey");
        }

        public Builder listen(Multiaddr address) {
            listenAddresses.add(address);
            return this;
        }

        public Builder bootstrap(Multiaddr address) {
            bootstrapPeers.add(address);
            return this;
        }

        /** Persists the peer store as {@code home/peers.json}. */
        public Builder home(Path home) {
            this.peerStoreFile = home.resolve(PeerStore.FILE_NAME);
            return this;
        }

        public Builder peerStoreFile(Path file) {
            this.peerStoreFile = file;
            return this;
        }

        public Builder maxStoredPeers(int max) {
            this.maxStoredPeers = max;
            return this;
        }

        public Builder reconnectKnownPeers(boolean reconnect) {
            this.reconnectKnownPeers = reconnect;
            return this;
        }

        public Builder maxReconnects(int max) {
            this.maxReconnects = max;
            return this;
        }

        public Builder agentVersion(String agent) {
            this.agentVersion = agent;
            return this;
        }

        public Builder protocolVersion(String version) {
            this.protocolVersion = version;
            return this;
        }

        public Builder connectionLimits(int max, int lowWater) {
            this.maxConnections = max;
            this.lowWaterConnections = lowWater;
            return this;
        }

        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = timeout;
            return this;
        }

        public Builder maxPendingUpgrades(int max) {
            this.maxPendingUpgrades = max;
            return this;
        }

        public Builder dialTimeout(Duration timeout) {
            this.dialTimeout = timeout;
            return this;
        }

        public Builder upgradeTimeout(Duration timeout) {
            this.upgradeTimeout = timeout;
            return this;
        }

        public Builder negotiationTimeout(Duration timeout) {
            this.negotiationTimeout = timeout;
            return this;
        }

        /** Liveness pings on every connection; {@link Duration#ZERO} disables them. */
        public Builder ping(Duration interval, int maxFailures) {
            this.pingInterval = interval;
            this.maxPingFailures = maxFailures;
            return this;
        }

        public Builder ioThreads(int threads) {
            this.ioThreads = threads;
            return this;
        }

        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = timeout;
            return this;
        }

        public Builder yamux(YamuxConfig config) {
            this.yamuxConfig = config;
            return this;
        }

        public HostConfig build() {
            return new HostConfig(identityKey, listenAddresses, bootstrapPeers, agentVersion, protocolVersion,
                    maxConnections, lowWaterConnections, idleTimeout, maxPendingUpgrades, dialTimeout, upgradeTimeout,
                    negotiationTimeout, pingInterval, maxPingFailures, peerStoreFile, maxStoredPeers,
                    reconnectKnownPeers, maxReconnects, ioThreads, closeTimeout, yamuxConfig);
        }
    }
}

package io.grapevine.node.p2p.host;

import io.grapevine.node.identity.PeerId;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.p2p.identify.IdentifyInfo;
import io.grapevine.node.p2p.ping.Ping;
import io.grapevine.node.p2p.ping.PingClient;
import io.grapevine.node.p2p.ping.PingResponder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A libp2p host: listens and dials over TCP, upgrades connections (Noise, Yamux), keeps one connection per peer,
 * routes inbound streams to registered protocol handlers, runs identify and ping, and remembers peers.
 */
public final class Host implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Host.class);

    private final HostConfig config;
    private final PeerId localPeer;
    private final TcpTransport transport;
    private final StreamRouter router;
    private final ConnectionUpgrader upgrader;
    private final ConnectionManager connectionManager;
    private final PeerStore peerStore;
    private final ScheduledExecutorService maintenance;
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Channel> servers = new CopyOnWriteArrayList<>();
    private final List<Multiaddr> listenAddresses = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<PeerId, CompletableFuture<Connection>> pendingDials = new ConcurrentHashMap<>();
    private final AtomicInteger pendingUpgrades = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Map<Connection, LivenessMonitor> liveness = new ConcurrentHashMap<>();
    private final IdentifyService identify;

    public Host(HostConfig config) {
        this.config = config;
        this.localPeer = PeerId.fromPublicKey(config.identityKey().publicKey());
        this.transport = new TcpTransport(config.ioThreads());
        this.router = new StreamRouter(config.negotiationTimeout());
        this.connectionManager = new ConnectionManager(
                localPeer, config.maxConnections(), config.lowWaterConnections(), config.idleTimeout());
        this.peerStore = config.peerStoreFile() == null
                ? PeerStore.inMemory(config.maxStoredPeers())
                : PeerStore.open(config.peerStoreFile(), config.maxStoredPeers());
        this.upgrader = new ConnectionUpgrader(config.identityKey(), config.yamuxConfig(), config.upgradeTimeout(),
                config.negotiationTimeout(), backgroundProtocols(), router::inboundInitializer);
        this.maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "grapevine-host-" + localPeer.toBase58().substring(0, 8));
            t.setDaemon(true);
            return t;
        });
        this.identify = new IdentifyService(this::localInfo, peerStore, config.negotiationTimeout());
        registerBuiltInProtocols();
    }

    private static Set<String> backgroundProtocols() {
        return Set.of(Ping.PROTOCOL_ID, IdentifyInfo.PROTOCOL_ID, IdentifyInfo.PUSH_PROTOCOL_ID);
    }

    /** The protocols every host serves: identify, identify/push and ping. */
    private void registerBuiltInProtocols() {
        router.register(IdentifyInfo.PROTOCOL_ID, identify.responder());
        router.register(IdentifyInfo.PUSH_PROTOCOL_ID, identify.pushReceiver());
        Duration idle = Duration.ofSeconds(Math.max(60, 3 * config.pingInterval().toSeconds()));
        router.register(Ping.PROTOCOL_ID, stream -> stream.channel().pipeline().addLast(new PingResponder(idle)));
    }

    /** What identify tells remotes about us, computed when asked so it follows listen and handler changes. */
    private IdentifyInfo localInfo() {
        return new IdentifyInfo(config.protocolVersion(), config.agentVersion(), config.identityKey().publicKey(),
                List.copyOf(listenAddresses), null, List.copyOf(router.protocols()));
    }

    /**
     * Listens on the configured addresses (waiting for the binds), starts the periodic tasks, then dials the
     * bootstrap peers and, if configured, the stored peers, without waiting for those dials.
     */
    public void start() throws IOException {
        for (Multiaddr address : config.listenAddresses()) {
            try {
                listen(address).get(config.dialTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new IOException("cannot listen on " + address + ": " + rootMessage(e), e);
            }
        }
        long pruneEvery = Math.max(1000, Math.min(config.idleTimeout().toMillis() / 4, 30_000));
        maintenance.scheduleWithFixedDelay(this::pruneIdle, pruneEvery, pruneEvery, TimeUnit.MILLISECONDS);
        maintenance.scheduleWithFixedDelay(this::savePeers, 60, 60, TimeUnit.SECONDS);
        if (!config.pingInterval().isZero()) {
            long every = config.pingInterval().toMillis();
            maintenance.scheduleWithFixedDelay(
                    () -> liveness.values().forEach(LivenessMonitor::tick), every, every, TimeUnit.MILLISECONDS);
        }
        for (Multiaddr bootstrap : config.bootstrapPeers()) {
            bootstrap.peerId().ifPresent(connectionManager::protect);
            dial(bootstrap).exceptionally(e -> {
                log.info("bootstrap peer {} unreachable: {}", bootstrap, rootMessage(e));
                return null;
            });
        }
        if (config.reconnectKnownPeers()) {
            reconnectKnownPeers();
        }
    }

    public PeerId peerId() {
        return localPeer;
    }

    public HostConfig config() {
        return config;
    }

    public PeerStore peerStore() {
        return peerStore;
    }

    public ConnectionManager connectionManager() {
        return connectionManager;
    }

    /**
     * Listens on a TCP multiaddr ({@code /ip4/.../tcp/<port>} or {@code /ip6/...}); port 0 picks a free one. Completes
     * with the addresses peers can dial, each ending in {@code /p2p/<our id>}; a wildcard expands to the interfaces.
     */
    public CompletableFuture<List<Multiaddr>> listen(Multiaddr address) {
        InetSocketAddress bind;
        try {
            bind = tcpSocketAddress(address);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return transport.listen(bind, acceptor()).thenApply(server -> {
            servers.add(server);
            if (closed.get()) {
                server.close();
                throw new CompletionException(new IOException("host is closed"));
            }
            List<Multiaddr> actual = ListenAddresses.expand(
                    bind.getAddress(), ((InetSocketAddress) server.localAddress()).getPort());
            listenAddresses.addAll(actual);
            log.info("listening on {}", actual);
            return actual.stream().map(a -> a.withPeerId(localPeer)).toList();
        });
    }

    /** Addresses remote peers reported seeing us at (identify), most recent last. */
    public List<Multiaddr> observedAddresses() {
        return identify.observedAddresses();
    }

    /** Every address we listen on, each ending in {@code /p2p/<our id>}. */
    public List<Multiaddr> listenAddresses() {
        return listenAddresses.stream().map(a -> a.withPeerId(localPeer)).toList();
    }

    /**
     * Connects to a peer at a TCP multiaddr. With a {@code /p2p/<id>} suffix the remote must prove that identity,
     * and an open connection to it is reused; concurrent dials to one peer share one attempt.
     */
    public CompletableFuture<Connection> dial(Multiaddr address) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new IOException("host is closed"));
        }
        Optional<PeerId> expected = address.peerId();
        if (expected.isEmpty()) {
            return dialNew(address, null);
        }
        PeerId peer = expected.get();
        if (peer.equals(localPeer)) {
            return CompletableFuture.failedFuture(new IOException("refusing to dial ourselves"));
        }
        Optional<Connection> existing = connectionManager.get(peer);
        if (existing.isPresent()) {
            return CompletableFuture.completedFuture(existing.get());
        }
        CompletableFuture<Connection> attempt = new CompletableFuture<>();
        CompletableFuture<Connection> prior = pendingDials.putIfAbsent(peer, attempt);
        if (prior != null) {
            return prior;
        }
        attempt.whenComplete((c, e) -> pendingDials.remove(peer, attempt));
        dialNew(address, peer).whenComplete((c, e) -> {
            if (e != null) {
                attempt.completeExceptionally(e);
            } else {
                attempt.complete(c);
            }
        });
        return attempt;
    }

    /** Connects to a known peer: reuses an open connection, else tries its stored addresses in turn. */
    public CompletableFuture<Connection> dial(PeerId peer) {
        Optional<Connection> existing = connectionManager.get(peer);
        if (existing.isPresent()) {
            return CompletableFuture.completedFuture(existing.get());
        }
        CompletableFuture<Connection> pending = pendingDials.get(peer);
        if (pending != null) {
            return pending;
        }
        List<Multiaddr> addresses = peerStore.get(peer).map(PeerInfo::addresses).orElse(List.of());
        if (addresses.isEmpty()) {
            return CompletableFuture.failedFuture(new IOException("no known address for " + peer));
        }
        CompletableFuture<Connection> attempt = dial(addresses.getFirst().withPeerId(peer));
        for (Multiaddr next : addresses.subList(1, addresses.size())) {
            attempt = attempt.exceptionallyCompose(e -> dial(next.withPeerId(peer)));
        }
        return attempt;
    }

    /** Opens a stream to {@code peer} (dialling it if needed), proposing {@code protocols} in order. */
    public CompletableFuture<Stream> newStream(PeerId peer, String... protocols) {
        return dial(peer).thenCompose(c -> c.newStream(List.of(protocols)));
    }

    /**
     * Opens a stream to {@code peer}; {@code initializer} installs the protocol's handlers before any of its bytes
     * arrive (see {@link Connection#newStream(List, StreamHandler)}).
     */
    public CompletableFuture<Stream> newStream(PeerId peer, List<String> protocols, StreamHandler initializer) {
        return dial(peer).thenCompose(c -> c.newStream(protocols, initializer));
    }

    /** Measures the round-trip time to {@code peer} with one ping on a fresh stream (dialling if needed). */
    public CompletableFuture<Duration> ping(PeerId peer) {
        CompletableFuture<PingClient> client = new CompletableFuture<>();
        return newStream(peer, List.of(Ping.PROTOCOL_ID),
                        stream -> client.complete(new PingClient(stream.channel(), config.negotiationTimeout())))
                .thenCompose(stream -> client)
                .thenCompose(pinger -> pinger.ping().whenComplete((rtt, e) -> pinger.close()));
    }

    /** Serves inbound streams that propose {@code protocol}; replaces any previous handler for it. */
    public void setStreamHandler(String protocol, StreamHandler handler) {
        router.register(protocol, handler);
    }

    public void removeStreamHandler(String protocol) {
        router.unregister(protocol);
    }

    /** The protocol ids we currently serve. */
    public List<String> protocols() {
        return List.copyOf(router.protocols());
    }

    public void addConnectionListener(ConnectionListener listener) {
        listeners.add(listener);
    }

    public void removeConnectionListener(ConnectionListener listener) {
        listeners.remove(listener);
    }

    public List<Connection> connections() {
        return connectionManager.connections();
    }

    public Optional<Connection> connection(PeerId peer) {
        return connectionManager.get(peer);
    }

    /** The round-trip time of the last successful liveness ping on this connection, if one has completed. */
    public Optional<Duration> latency(Connection connection) {
        LivenessMonitor monitor = liveness.get(connection);
        return monitor == null ? Optional.empty() : Optional.ofNullable(monitor.lastRtt());
    }

    private ChannelHandler acceptor() {
        return new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel raw) {
                if (closed.get() || pendingUpgrades.incrementAndGet() > config.maxPendingUpgrades()) {
                    if (!closed.get()) {
                        pendingUpgrades.decrementAndGet();
                        log.debug("too many handshakes in progress, dropping {}", raw.remoteAddress());
                    }
                    raw.close();
                    return;
                }
                upgrader.upgrade(raw, Direction.INBOUND, null).whenComplete((connection, error) -> {
                    pendingUpgrades.decrementAndGet();
                    if (error != null) {
                        log.debug("inbound upgrade from {} failed: {}", raw.remoteAddress(), rootMessage(error));
                    } else {
                        admit(connection, null);
                    }
                });
            }
        };
    }

    private CompletableFuture<Connection> dialNew(Multiaddr address, PeerId expected) {
        InetSocketAddress target;
        try {
            target = tcpSocketAddress(address.withoutPeerId());
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Connection> upgraded = new CompletableFuture<>();
        ChannelHandler upgradeOnRegister = new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel raw) {
                upgrader.upgrade(raw, Direction.OUTBOUND, expected).whenComplete((c, e) -> {
                    if (e != null) {
                        upgraded.completeExceptionally(e);
                    } else {
                        upgraded.complete(c);
                    }
                });
            }
        };
        transport.dial(target, upgradeOnRegister, config.dialTimeout()).whenComplete((raw, connectError) -> {
            if (connectError != null) {
                upgraded.completeExceptionally(connectError);
            }
        });
        return upgraded.thenApply(connection -> {
            Connection kept = admit(connection, address.withoutPeerId());
            if (kept == null) {
                throw new CompletionException(new IOException("connection to " + address + " refused"));
            }
            return kept;
        });
    }

    /** Registers an upgraded connection with the manager; returns the one kept for that peer, or null. */
    private Connection admit(Connection connection, Multiaddr dialled) {
        PeerId peer = connection.remotePeer();
        if (closed.get() || peer.equals(localPeer)) {
            connection.abort(closed.get() ? "host is closed" : "connected to ourselves");
            return null;
        }
        ConnectionManager.Admission admission = connectionManager.admit(connection);
        for (Connection loser : admission.closed()) {
            loser.abort(loser == connection && admission.kept() == null ? "connection limit" : "duplicate connection");
        }
        if (!admission.accepted(connection)) {
            return admission.kept();
        }
        connection.closeFuture().thenAccept(this::onClosed);
        liveness.put(connection, new LivenessMonitor(connection, config.negotiationTimeout(), config.maxPingFailures()));
        peerStore.markSeen(peer);
        if (dialled != null) {
            peerStore.addAddresses(peer, List.of(dialled));
        }
        identify.identify(connection);
        log.debug("connection opened: {}", connection);
        for (ConnectionListener listener : listeners) {
            try {
                listener.opened(connection);
            } catch (RuntimeException e) {
                log.warn("connection listener failed on open: {}", e.toString());
            }
        }
        return connection;
    }

    private void onClosed(Connection connection) {
        connectionManager.remove(connection);
        LivenessMonitor monitor = liveness.remove(connection);
        if (monitor != null) {
            monitor.close();
        }
        log.debug("connection closed: {}", connection);
        for (ConnectionListener listener : listeners) {
            try {
                listener.closed(connection);
            } catch (RuntimeException e) {
                log.warn("connection listener failed on close: {}", e.toString());
            }
        }
    }

    private void reconnectKnownPeers() {
        peerStore.peers().stream()
                .filter(p -> !p.peerId().equals(localPeer) && !p.addresses().isEmpty())
                .limit(config.maxReconnects())
                .forEach(p -> dial(p.peerId()).exceptionally(e -> {
                    log.debug("could not reconnect to {}: {}", p.peerId(), rootMessage(e));
                    return null;
                }));
    }

    private void pruneIdle() {
        for (Connection idle : connectionManager.idleToPrune()) {
            log.debug("pruning idle {}", idle);
            idle.close();
        }
    }

    private void savePeers() {
        try {
            peerStore.save();
        } catch (IOException e) {
            log.warn("could not save the peer store: {}", e.getMessage());
        }
    }

    /**
     * Stops listening, sends GO_AWAY on every connection and closes them (waiting at most the close timeout), saves
     * the peer store, and stops the event loops.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Channel server : servers) {
            server.close();
        }
        List<CompletableFuture<Connection>> closing = new ArrayList<>();
        for (Connection connection : connectionManager.connections()) {
            closing.add(connection.close());
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
                    .get(config.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("connections did not close within {}; forcing", config.closeTimeout());
            connectionManager.connections().forEach(c -> c.abort("host closing"));
        } catch (Exception e) {
            log.debug("while closing connections: {}", e.toString());
        }
        maintenance.shutdownNow();
        savePeers();
        transport.close();
    }

    private static InetSocketAddress tcpSocketAddress(Multiaddr address) throws IOException {
        if (!address.isTcp()) {
            throw new IOException("not a TCP multiaddr: " + address);
        }
        return address.toSocketAddress();
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t.toString();
    }
}

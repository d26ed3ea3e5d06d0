package io.grapevine.node.p2p.host;

import io.grapevine.node.identity.PeerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which connections the host keeps: one per peer, at most {@code maxConnections} (inbound beyond it are closed,
 * lowest value first), idle ones pruned down to a low-water mark. Protected peers (bootstrap) are never closed by it.
 */
public final class ConnectionManager {
    private final PeerId localPeer;
    private final int maxConnections;
    private final int lowWater;
    private final Duration idleTimeout;
    private final Set<PeerId> protectedPeers = ConcurrentHashMap.newKeySet();
    private final Map<PeerId, Connection> byPeer = new HashMap<>();

    public ConnectionManager(PeerId localPeer, int maxConnections, int lowWater, Duration idleTimeout) {
        if (maxConnections < 1 || lowWater < 0 || lowWater > maxConnections) {
            throw new IllegalArgumentException("need 0 <= lowWater <= maxConnections, maxConnections >= 1");
        }
        this.localPeer = localPeer;
        this.maxConnections = maxConnections;
        this.lowWater = lowWater;
        this.idleTimeout = idleTimeout;
    }

    public void protect(PeerId peer) {
        protectedPeers.add(peer);
    }

    public void unprotect(PeerId peer) {
        protectedPeers.remove(peer);
    }

    public boolean isProtected(PeerId peer) {
        return protectedPeers.contains(peer);
    }

    public synchronized Optional<Connection> get(PeerId peer) {
        return Optional.ofNullable(byPeer.get(peer)).filter(Connection::isOpen);
    }

    public synchronized List<Connection> connections() {
        return List.copyOf(byPeer.values());
    }

    public synchronized int size() {
        return byPeer.size();
    }

    public int maxConnections() {
        return maxConnections;
    }

    /** The outcome of offering a freshly upgraded connection. */
    record Admission(Connection kept, List<Connection> closed) {
        boolean accepted(Connection candidate) {
            return kept == candidate;
        }
    }

    /**
     * Offers a newly upgraded connection. Returns the connection now kept for that peer (the candidate or an existing
     * one; null when the candidate is refused for the limit) and the connections the caller must close.
     */
    synchronized Admission admit(Connection candidate) {
        PeerId peer = candidate.remotePeer();
        Connection existing = byPeer.get(peer);
        if (existing != null && existing.isOpen()) {
            Connection winner = preferred(existing, candidate);
            Connection loser = winner == existing ? candidate : existing;
            byPeer.put(peer, winner);
            return new Admission(winner, List.of(loser));
        }
        List<Connection> closed = new ArrayList<>();
        if (candidate.direction() == Direction.INBOUND && liveCount() >= maxConnections) {
            Connection victim = lowestValueInbound(candidate);
            if (victim == candidate) {
                return new Admission(null, List.of(candidate));
            }
            if (victim != null) {
                closed.add(victim);
                byPeer.remove(victim.remotePeer());
            }
        }
        byPeer.put(peer, candidate);
        return new Admission(candidate, closed);
    }

    /** Forgets a closed connection; true if it was the one kept for its peer. */
    synchronized boolean remove(Connection connection) {
        return byPeer.remove(connection.remotePeer(), connection);
    }

    /** Picks idle, unprotected connections to close so that no more than the low-water mark remain. */
    synchronized List<Connection> idleToPrune() {
        long excess = liveCount() - lowWater;
        if (excess <= 0) {
            return List.of();
        }
        return byPeer.values().stream()
                .filter(c -> !isProtected(c.remotePeer()))
                .filter(c -> c.activeStreams() == 0 && c.idleFor().compareTo(idleTimeout) >= 0)
                .sorted(Comparator.comparing(Connection::idleFor).reversed())
                .limit(excess)
                .toList();
    }

    private long liveCount() {
        return byPeer.values().stream().filter(Connection::isOpen).count();
    }

    /**
     * The unprotected inbound connection worth least (fewest application streams, then the newest), the candidate
     * included; null when all are protected. Outbound ones are not shed: we chose to make them.
     */
    private Connection lowestValueInbound(Connection candidate) {
        List<Connection> sheddable = new ArrayList<>(byPeer.values());
        sheddable.add(candidate);
        return sheddable.stream()
                .filter(c -> c.direction() == Direction.INBOUND && !isProtected(c.remotePeer()))
                .min(Comparator.comparingInt(Connection::activeStreams)
                        .thenComparing(Connection::openedAt, Comparator.reverseOrder()))
                .orElse(null);
    }

    /**
     * Of two connections to one peer, the one both sides will keep: the one dialled by the peer with the smaller id;
     * if the same peer dialled both, the newer (the older one is most likely left over from before a restart).
     */
    Connection preferred(Connection existing, Connection candidate) {
        PeerId existingDialler = dialler(existing);
        PeerId candidateDialler = dialler(candidate);
        if (existingDialler.equals(candidateDialler)) {
            return candidate;
        }
        return compare(existingDialler, candidateDialler) < 0 ? existing : candidate;
    }

    private PeerId dialler(Connection connection) {
        return connection.direction() == Direction.OUTBOUND ? localPeer : connection.remotePeer();
    }

    static int compare(PeerId a, PeerId b) {
        return Arrays.compareUnsigned(a.toBytes(), b.toBytes());
    }
}

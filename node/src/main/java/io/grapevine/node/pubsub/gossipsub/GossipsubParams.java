package io.grapevine.node.pubsub.gossipsub;

import io.grapevine.node.identity.PeerId;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.pubsub.score.PeerScoreParams;
import io.grapevine.node.pubsub.score.PeerScoreThresholds;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Router parameters with the defaults of gossipsub-v1.0/v1.1/v1.2 (and go-libp2p where the spec leaves a value
 * open). Mesh degree: {@code dlo <= d <= dhi}, {@code dout < dlo}, {@code dout <= d / 2}.
 *
 * @param maxSendQueue RPCs in flight per peer before sends are dropped: gossip (IHAVE/IWANT replies) beyond half of
 *     it, forwarded messages beyond it, our own publishes and control beyond twice it
 * @param maxTopicsPerPeer subscriptions kept per peer; more are ignored (subscription floods)
 * @param idontwantMinDataSize messages with at least this much data trigger IDONTWANT to our mesh (v1.2)
 * @param directPeers explicit peering agreements (v1.1): addresses ending in /p2p/; kept connected, always forwarded
 *     to, never in a mesh
 * @param doPx offer peer exchange when we prune; {@code acceptPx} dial peers offered to us (needs their address in the
 *     peer store, as signed peer records are not read)
 * @param score peer scoring (v1.1) parameters and {@code thresholds} what the scores allow
 * @param opportunisticGraftTicks heartbeats between opportunistic grafting checks (60), grafting at most
 *     {@code opportunisticGraftPeers} (2) peers scoring above the mesh median
 * @param iwantFollowupTime how long a peer has to deliver a message we asked for by IWANT (3 s) before it counts as a
 *     broken promise (P7)
 */
public record GossipsubParams(
        int d, int dlo, int dhi, int dlazy, int dscore, int dout,
        Duration heartbeatInterval, Duration heartbeatInitialDelay, Duration fanoutTtl,
        int mcacheLength, int mcacheGossip, int gossipRetransmission, double gossipFactor,
        int maxIHaveLength, int maxIHaveMessages,
        Duration seenTtl, int maxSeenEntries,
        Duration pruneBackoff, Duration unsubscribeBackoff, int prunePeers, boolean doPx, boolean acceptPx,
        boolean floodPublish, int maxRpcSize, int maxSendQueue, int maxTopicsPerPeer, int maxInboundQueue,
        int idontwantMinDataSize, int maxIDontWantMessages, int idontwantTtlHeartbeats,
        List<Multiaddr> directPeers, Duration directConnectInterval,
        PeerScoreParams score, PeerScoreThresholds thresholds, int opportunisticGraftTicks,
        int opportunisticGraftPeers, Duration iwantFollowupTime) {

    public GossipsubParams {
        if (!(dlo <= d && d <= dhi && dout < dlo && dout <= d / 2 && dlo > 0)) {
            throw new IllegalArgumentException("need 0 < dlo <= d <= dhi, dout < dlo, dout <= d/2");
        }
        if (mcacheGossip <= 0 || mcacheLength < mcacheGossip) {
            throw new IllegalArgumentException("need 0 < mcacheGossip <= mcacheLength");
        }
        directPeers = List.copyOf(directPeers);
        for (Multiaddr direct : directPeers) {
            if (direct.peerId().isEmpty()) {
                throw new IllegalArgumentException("direct peer address needs /p2p/<id>: " + direct);
            }
        }
        if (score == null || thresholds == null || opportunisticGraftTicks < 1) {
            throw new IllegalArgumentException("scoring parameters and thresholds are required");
        }
        if (maxRpcSize < 1024 || maxSendQueue < 2 || maxInboundQueue < 1) {
            throw new IllegalArgumentException("maxRpcSize, maxSendQueue or maxInboundQueue too small");
        }
    }

    /** The peer ids of {@link #directPeers()}. */
    public Set<PeerId> directPeerIds() {
        return directPeers.stream().map(a -> a.peerId().orElseThrow()).collect(Collectors.toUnmodifiableSet());
    }

    public static GossipsubParams defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.d = d;
        b.dlo = dlo;
        b.dhi = dhi;
        b.dlazy = dlazy;
        b.dscore = dscore;
        b.dout = dout;
        b.heartbeatInterval = heartbeatInterval;
        b.heartbeatInitialDelay = heartbeatInitialDelay;
        b.fanoutTtl = fanoutTtl;
        b.seenTtl = seenTtl;
        b.pruneBackoff = pruneBackoff;
        b.unsubscribeBackoff = unsubscribeBackoff;
        b.doPx = doPx;
        b.acceptPx = acceptPx;
        b.floodPublish = floodPublish;
        b.maxRpcSize = maxRpcSize;
        b.maxSendQueue = maxSendQueue;
        b.maxTopicsPerPeer = maxTopicsPerPeer;
        b.idontwantMinDataSize = idontwantMinDataSize;
        b.idontwantTtlHeartbeats = idontwantTtlHeartbeats;
        b.directPeers = directPeers;
        b.directConnectInterval = directConnectInterval;
        b.score = score;
        b.thresholds = thresholds;
        b.opportunisticGraftTicks = opportunisticGraftTicks;
        b.iwantFollowupTime = iwantFollowupTime;
        return b;
    }

    /** Sets the commonly tuned values; the rest keep the spec defaults. */
    public static final class Builder {
        private int d = 6;
        private int dlo = 5;
        private int dhi = 12;
        private int dlazy = 6;
        private int dscore = 4;
        private int dout = 2;
        private Duration heartbeatInterval = Duration.ofSeconds(1);
        private Duration heartbeatInitialDelay = Duration.ofMillis(100);
        private Duration fanoutTtl = Duration.ofSeconds(60);
        private Duration seenTtl = Duration.ofMinutes(2);
        private Duration pruneBackoff = Duration.ofMinutes(1);
        private Duration unsubscribeBackoff = Duration.ofSeconds(10);
        private boolean doPx = false;
        private boolean acceptPx = false;
        private boolean floodPublish = true;
        private int maxRpcSize = 1 << 20;
        private int maxSendQueue = 512;
        private int maxTopicsPerPeer = 1000;
        private int idontwantMinDataSize = 1024;
        private int idontwantTtlHeartbeats = 3;
        private List<Multiaddr> directPeers = List.of();
        private Duration directConnectInterval = Duration.ofMinutes(5);
        private PeerScoreParams score = PeerScoreParams.defaults();
        private PeerScoreThresholds thresholds = PeerScoreThresholds.defaults();
        private int opportunisticGraftTicks = 60;
        private Duration iwantFollowupTime = Duration.ofSeconds(3);

        /** Peer scoring parameters and thresholds (defaults: {@link PeerScoreParams#defaults()} and so on). */
        public Builder scoring(PeerScoreParams score, PeerScoreThresholds thresholds) {
            this.score = score;
            this.thresholds = thresholds;
            return this;
        }

        public Builder opportunisticGraftTicks(int heartbeats) {
            this.opportunisticGraftTicks = heartbeats;
            return this;
        }

        public Builder iwantFollowupTime(Duration followUp) {
            this.iwantFollowupTime = followUp;
            return this;
        }

        /** Explicit peers and how often to check that we are connected to them (the spec suggests 5 minutes). */
        public Builder directPeers(List<Multiaddr> peers, Duration connectInterval) {
            this.directPeers = peers;
            this.directConnectInterval = connectInterval;
            return this;
        }

        public Builder degree(int d, int dlo, int dhi) {
            this.d = d;
            this.dlo = dlo;
            this.dhi = dhi;
            return this;
        }

        public Builder dlazy(int dlazy) {
            this.dlazy = dlazy;
            return this;
        }

        public Builder dscore(int dscore) {
            this.dscore = dscore;
            return this;
        }

        public Builder dout(int dout) {
            this.dout = dout;
            return this;
        }

        public Builder heartbeat(Duration initialDelay, Duration interval) {
            this.heartbeatInitialDelay = initialDelay;
            this.heartbeatInterval = interval;
            return this;
        }

        public Builder fanoutTtl(Duration ttl) {
            this.fanoutTtl = ttl;
            return this;
        }

        public Builder seenTtl(Duration ttl) {
            this.seenTtl = ttl;
            return this;
        }

        public Builder pruneBackoff(Duration prune, Duration unsubscribe) {
            this.pruneBackoff = prune;
            this.unsubscribeBackoff = unsubscribe;
            return this;
        }

        public Builder peerExchange(boolean doPx, boolean acceptPx) {
            this.doPx = doPx;
            this.acceptPx = acceptPx;
            return this;
        }

        public Builder floodPublish(boolean flood) {
            this.floodPublish = flood;
            return this;
        }

        public Builder maxRpcSize(int bytes) {
            this.maxRpcSize = bytes;
            return this;
        }

        public Builder maxSendQueue(int rpcs) {
            this.maxSendQueue = rpcs;
            return this;
        }

        public Builder maxTopicsPerPeer(int topics) {
            this.maxTopicsPerPeer = topics;
            return this;
        }

        public Builder idontwantMinDataSize(int bytes) {
            this.idontwantMinDataSize = bytes;
            return this;
        }

        /** How many heartbeats a peer's IDONTWANT is remembered (default 3; longer for links slower than that). */
        public Builder idontwantTtlHeartbeats(int heartbeats) {
            if (heartbeats < 1) {
                throw new IllegalArgumentException("idontwantTtlHeartbeats must be at least 1");
            }
            this.idontwantTtlHeartbeats = heartbeats;
            return this;
        }

        public GossipsubParams build() {
            return new GossipsubParams(d, dlo, dhi, dlazy, dscore, dout,
                    heartbeatInterval, heartbeatInitialDelay, fanoutTtl,
                    5, 3, 3, 0.25, 5000, 10,
                    seenTtl, 1_000_000,
                    pruneBackoff, unsubscribeBackoff, 16, doPx, acceptPx,
                    floodPublish, maxRpcSize, maxSendQueue, maxTopicsPerPeer, 64,
                    idontwantMinDataSize, 1000, idontwantTtlHeartbeats, directPeers, directConnectInterval,
                    score, thresholds, opportunisticGraftTicks, 2, iwantFollowupTime);
        }
    }
}

package io.grapevine.node.pubsub.score;

import com.google.protobuf.ByteString;
import io.grapevine.node.identity.PeerId;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Per-peer score counters of gossipsub v1.1 (P1-P7) and the score computed from them. Not thread-safe: the router
 * calls it from its own thread. Times come from {@code clock} (milliseconds) so tests can drive them.
 */
public final class PeerScore {
    /** Delivery records kept for P3 duplicates and P4 attribution; older ones are dropped first. */
    private static final int MAX_DELIVERY_RECORDS = 100_000;

    private final PeerScoreParams params;
    private final LongSupplier clock;
    private final Map<PeerId, PeerStats> peers = new HashMap<>();
    private final Map<InetAddress, Set<PeerId>> peersByIp = new HashMap<>();
    private final LinkedHashMap<ByteString, DeliveryRecord> deliveries = new LinkedHashMap<>();
    private final long deliveryRecordTtl;
    private long lastDecay;

    /** @param deliveryRecordTtlMillis how long message delivery records are kept (the seen cache's TTL) */
    public PeerScore(PeerScoreParams params, LongSupplier clock, long deliveryRecordTtlMillis) {
        this.params = params;
        this.clock = clock;
        this.deliveryRecordTtl = deliveryRecordTtlMillis;
        this.lastDecay = clock.getAsLong();
    }

    public PeerScoreParams params() {
        return params;
    }

    // ---- connection events ----

    /** A peer connected from {@code ip} (null if unknown); a retained record comes back with its counters. */
    public void addPeer(PeerId peer, InetAddress ip) {
        PeerStats s = peers.computeIfAbsent(peer, p -> new PeerStats());
        s.connected = true;
        if (s.ip != null) {
            removeIp(peer, s.ip);
        }
        s.ip = ip;
        if (ip != null) {
            peersByIp.computeIfAbsent(ip, k -> new HashSet<>()).add(peer);
        }
    }

    /**
     * A peer disconnected: leaving its meshes applies P3b; a positive score is forgotten, anything else is kept for
     * {@code retainScore} so a misbehaving peer cannot reset itself by reconnecting.
     */
    public void removePeer(PeerId peer) {
        PeerStats s = peers.get(peer);
        if (s == null) {
            return;
        }
        boolean positive = score(peer) > 0;
        for (Map.Entry<String, TopicStats> e : s.topics.entrySet()) {
            if (e.getValue().inMesh) {
                leaveMesh(e.getKey(), e.getValue());
            }
        }
        if (s.ip != null) {
            removeIp(peer, s.ip);
        }
        if (positive) {
            peers.remove(peer);
            return;
        }
        s.connected = false;
        s.expiresAt = clock.getAsLong() + params.retainScore().toMillis();
    }

    public void graft(PeerId peer, String topic) {
        TopicStats t = topicStats(peer, topic);
        if (t != null && !t.inMesh) {
            t.inMesh = true;
            t.graftTime = clock.getAsLong();
        }
    }

    public void prune(PeerId peer, String topic) {
        TopicStats t = topicStats(peer, topic);
        if (t != null && t.inMesh) {
            leaveMesh(topic, t);
        }
    }

    /** P7: misbehaviour such as a GRAFT during backoff or a broken IWANT promise. */
    public void addPenalty(PeerId peer, int count) {
        PeerStats s = peers.get(peer);
        if (s != null) {
            s.behaviourPenalty += count;
        }
    }

    // ---- message events ----

    /** First receipt of message {@code id} from {@code peer}, before validation. */
    public void validateMessage(PeerId peer, ByteString id, String topic) {
        DeliveryRecord r = new DeliveryRecord(topic, clock.getAsLong());
        r.peers.add(peer);
        deliveries.put(id, r);
        if (deliveries.size() > MAX_DELIVERY_RECORDS) {
            Iterator<ByteString> it = deliveries.keySet().iterator();
            it.next();
            it.remove();
        }
    }

    /** The message passed validation: P2 for the first deliverer, P3 for it and for mesh peers that sent it in time. */
    public void deliverMessage(PeerId first, ByteString id) {
        DeliveryRecord r = deliveries.get(id);
        if (r == null || r.status != Status.PENDING) {
            return;
        }
        r.status = Status.VALID;
        r.validated = clock.getAsLong();
        TopicStats t = topicStats(first, r.topic);
        if (t != null) {
            TopicScoreParams tp = params.topic(r.topic).orElseThrow();
            t.firstMessageDeliveries = Math.min(t.firstMessageDeliveries + 1, tp.firstMessageDeliveriesCap());
            if (t.inMesh) {
                t.meshMessageDeliveries = Math.min(t.meshMessageDeliveries + 1, tp.meshMessageDeliveriesCap());
            }
        }
        for (PeerId other : r.peers) {
            if (!other.equals(first)) {
                meshDuplicate(other, r);
            }
        }
    }

    /** The message failed its signature check or was rejected by a validator: P4 for everyone who sent it. */
    public void rejectMessage(PeerId first, ByteString id, String topic) {
        DeliveryRecord r = deliveries.get(id);
        if (r == null) {
            r = new DeliveryRecord(topic, clock.getAsLong());
            r.peers.add(first);
            deliveries.put(id, r);
        }
        if (r.status != Status.PENDING) {
            return;
        }
        r.status = Status.INVALID;
        for (PeerId peer : r.peers) {
            invalid(peer, topic);
        }
    }

    /** The validator said IGNORE: nobody is credited or penalized, later copies neither. */
    public void ignoreMessage(ByteString id) {
        DeliveryRecord r = deliveries.get(id);
        if (r != null && r.status == Status.PENDING) {
            r.status = Status.IGNORED;
        }
    }

    /** A copy of a message we already had. */
    public void duplicateMessage(PeerId peer, ByteString id) {
        DeliveryRecord r = deliveries.get(id);
        if (r == null || !r.peers.add(peer)) {
            return;
        }
        switch (r.status) {
            case VALID -> meshDuplicate(peer, r);
            case INVALID -> invalid(peer, r.topic);
            default -> { } // pending: settled by deliver/reject; ignored: neutral
        }
    }

    // ---- score ----

    public double score(PeerId peer) {
        PeerStats s = peers.get(peer);
        if (s == null) {
            return 0;
        }
        long now = clock.getAsLong();
        double topicScore = 0;
        for (Map.Entry<String, TopicStats> e : s.topics.entrySet()) {
            TopicScoreParams tp = params.topic(e.getKey()).orElse(null);
            if (tp == null) {
                continue;
            }
            TopicStats t = e.getValue();
            double p1 = t.inMesh ? Math.min((double) (now - t.graftTime) / tp.timeInMeshQuantum().toMillis(),
                    tp.timeInMeshCap()) : 0;
            double p3 = 0;
            if (t.inMesh && now - t.graftTime >= tp.meshMessageDeliveriesActivation().toMillis()
                    && t.meshMessageDeliveries < tp.meshMessageDeliveriesThreshold()) {
                double deficit = tp.meshMessageDeliveriesThreshold() - t.meshMessageDeliveries;
                p3 = deficit * deficit;
            }
            double sum = p1 * tp.timeInMeshWeight()
                    + t.firstMessageDeliveries * tp.firstMessageDeliveriesWeight()
                    + p3 * tp.meshMessageDeliveriesWeight()
                    + t.meshFailurePenalty * tp.meshFailurePenaltyWeight()
                    + t.invalidMessageDeliveries * t.invalidMessageDeliveries * tp.invalidMessageDeliveriesWeight();
            topicScore += sum * tp.topicWeight();
        }
        if (params.topicScoreCap() > 0) {
            topicScore = Math.min(topicScore, params.topicScoreCap());
        }
        double score = topicScore + params.appSpecificWeight() * params.appSpecificScore().applyAsDouble(peer);
        score += params.ipColocationFactorWeight() * colocationFactor(s);
        if (s.behaviourPenalty > params.behaviourPenaltyThreshold()) {
            double excess = s.behaviourPenalty - params.behaviourPenaltyThreshold();
            score += params.behaviourPenaltyWeight() * excess * excess;
        }
        return score;
    }

    /** Scores of the peers we hold counters for (connected and retained). */
    public Map<PeerId, Double> scores() {
        Map<PeerId, Double> out = new HashMap<>();
        peers.keySet().forEach(p -> out.put(p, score(p)));
        return out;
    }

    /** Decays the counters once per elapsed decay interval, drops expired peers and delivery records. */
    public void refreshIfDue() {
        long now = clock.getAsLong();
        long interval = params.decayInterval().toMillis();
        int steps = 0;
        while (lastDecay + interval <= now && steps < 1000) {
            decay();
            lastDecay += interval;
            steps++;
        }
        if (lastDecay + interval <= now) {
            lastDecay = now; // we slept far longer than 1000 intervals: everything is at zero by now anyway
        }
        peers.values().removeIf(s -> !s.connected && s.expiresAt <= now);
        for (Iterator<DeliveryRecord> it = deliveries.values().iterator(); it.hasNext(); ) {
            if (it.next().firstSeen + deliveryRecordTtl >= now) {
                break;
            }
            it.remove();
        }
    }

    private void decay() {
        double zero = params.decayToZero();
        for (PeerStats s : peers.values()) {
            for (Map.Entry<String, TopicStats> e : s.topics.entrySet()) {
                TopicScoreParams tp = params.topic(e.getKey()).orElse(null);
                if (tp == null) {
                    continue;
                }
                TopicStats t = e.getValue();
                t.firstMessageDeliveries = decayed(t.firstMessageDeliveries, tp.firstMessageDeliveriesDecay(), zero);
                t.meshMessageDeliveries = decayed(t.meshMessageDeliveries, tp.meshMessageDeliveriesDecay(), zero);
                t.meshFailurePenalty = decayed(t.meshFailurePenalty, tp.meshFailurePenaltyDecay(), zero);
                t.invalidMessageDeliveries = decayed(t.invalidMessageDeliveries,
                        tp.invalidMessageDeliveriesDecay(), zero);
            }
            s.behaviourPenalty = decayed(s.behaviourPenalty, params.behaviourPenaltyDecay(), zero);
        }
    }

    // ---- internals ----

    private static double decayed(double value, double factor, double zero) {
        double v = value * factor;
        return v < zero ? 0 : v;
    }

    private void leaveMesh(String topic, TopicStats t) {
        TopicScoreParams tp = params.topic(topic).orElseThrow();
        long now = clock.getAsLong();
        if (now - t.graftTime >= tp.meshMessageDeliveriesActivation().toMillis()
                && t.meshMessageDeliveries < tp.meshMessageDeliveriesThreshold()) {
            double deficit = tp.meshMessageDeliveriesThreshold() - t.meshMessageDeliveries;
            t.meshFailurePenalty += deficit * deficit;
        }
        t.inMesh = false;
    }

    private void meshDuplicate(PeerId peer, DeliveryRecord r) {
        TopicStats t = topicStats(peer, r.topic);
        if (t == null || !t.inMesh) {
            return;
        }
        TopicScoreParams tp = params.topic(r.topic).orElseThrow();
        if (clock.getAsLong() - r.validated <= tp.meshMessageDeliveriesWindow().toMillis()) {
            t.meshMessageDeliveries = Math.min(t.meshMessageDeliveries + 1, tp.meshMessageDeliveriesCap());
        }
    }

    private void invalid(PeerId peer, String topic) {
        TopicStats t = topicStats(peer, topic);
        if (t != null) {
            t.invalidMessageDeliveries++;
        }
    }

    /** The topic counters of a connected peer, or null when the peer is unknown or the topic is not scored. */
    private TopicStats topicStats(PeerId peer, String topic) {
        PeerStats s = peers.get(peer);
        if (s == null || params.topic(topic).isEmpty()) {
            return null;
        }
        return s.topics.computeIfAbsent(topic, k -> new TopicStats());
    }

    private double colocationFactor(PeerStats s) {
        if (s.ip == null || !s.connected || params.ipColocationFactorWhitelist().contains(s.ip.getHostAddress())
                || (params.whitelistLoopback() && s.ip.isLoopbackAddress())) {
            return 0;
        }
        int count = peersByIp.getOrDefault(s.ip, Set.of()).size();
        if (count <= params.ipColocationFactorThreshold()) {
            return 0;
        }
        double excess = count - params.ipColocationFactorThreshold();
        return excess * excess;
    }

    private void removeIp(PeerId peer, InetAddress ip) {
        Set<PeerId> set = peersByIp.get(ip);
        if (set != null) {
            set.remove(peer);
            if (set.isEmpty()) {
                peersByIp.remove(ip);
            }
        }
    }

    private enum Status { PENDING, VALID, INVALID, IGNORED }

    private static final class DeliveryRecord {
        final String topic;
        final long firstSeen;
        long validated;
        Status status = Status.PENDING;
        final Set<PeerId> peers = new HashSet<>(4);

        DeliveryRecord(String topic, long firstSeen) {
            this.topic = topic;
            this.firstSeen = firstSeen;
        }
    }

    private static final class PeerStats {
        final Map<String, TopicStats> topics = new HashMap<>();
        boolean connected;
        long expiresAt;
        InetAddress ip;
        double behaviourPenalty;
    }

    private static final class TopicStats {
        boolean inMesh;
        long graftTime;
        double firstMessageDeliveries;
        double meshMessageDeliveries;
        double meshFailurePenalty;
        double invalidMessageDeliveries;
    }
}

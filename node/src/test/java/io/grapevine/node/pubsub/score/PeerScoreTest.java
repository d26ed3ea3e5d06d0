package io.grapevine.node.pubsub.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.ByteString;
import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.identity.PeerId;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PeerScoreTest {
    private static final String T = "t";
    private final AtomicLong now = new AtomicLong(1_000_000);

    private static PeerId peer() {
        return PeerId.fromPublicKey(Ed25519PrivateKey.generate().publicKey());
    }

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    /** Only the named component has a weight, so each test sees one term. */
    private static TopicScoreParams onlyTopic(double p1, double p2, double p3, double p3b, double p4) {
        return new TopicScoreParams(1, p1, Duration.ofSeconds(1), 10, p2, 0.5, 5,
                p3, 0.5, 10, 4, Duration.ofMillis(100), Duration.ofSeconds(2), p3b, 0.5, p4, 0.5);
    }

    private PeerScore score(TopicScoreParams topic) {
        PeerScoreParams params = PeerScoreParams.builder().topics(Map.of(T, topic), null)
                .ipColocation(-1, 2, Set.of(), true).behaviourPenalty(-1, 1, 0.5).build();
        return new PeerScore(params, now::get, 120_000);
    }

    private static ByteString id(String s) {
        return ByteString.copyFromUtf8(s);
    }

    @Test
    void p1GrowsWithTimeInMeshUpToTheCapAndStopsOnPrune() throws Exception {
        PeerScore s = score(onlyTopic(1, 0, 0, 0, 0));
        PeerId a = peer();
        s.addPeer(a, ip("10.0.0.1"));
        s.graft(a, T);
        now.addAndGet(3_000);
        assertThat(s.score(a)).isCloseTo(3, within(1e-9));
        now.addAndGet(60_000);
        assertThat(s.score(a)).isEqualTo(10);
        s.prune(a, T);
        assertThat(s.score(a)).isZero();
    }

    @Test
    void p2CountsFirstDeliveriesCappedAndDecays() throws Exception {
        PeerScore s = score(onlyTopic(0, 1, 0, 0, 0));
        PeerId a = peer();
        PeerId b = peer();
        s.addPeer(a, null);
        s.addPeer(b, null);
        for (int i = 0; i < 7; i++) {
            s.validateMessage(a, id("m" + i), T);
            s.duplicateMessage(b, id("m" + i));
            s.deliverMessage(a, id("m" + i));
        }
        assertThat(s.score(a)).isEqualTo(5); // cap
        assertThat(s.score(b)).isZero();     // duplicates earn no P2
        now.addAndGet(1_000);
        s.refreshIfDue();
        assertThat(s.score(a)).isEqualTo(2.5);
    }

    @Test
    void p3PenalizesAMeshDeficitOnlyAfterActivationAndCountsDuplicatesInTheWindow() throws Exception {
        PeerScore s = score(onlyTopic(0, 0, -1, 0, 0));
        PeerId a = peer();
        PeerId b = peer();
        s.addPeer(a, null);
        s.addPeer(b, null);
        s.graft(a, T);
        s.graft(b, T);
        now.addAndGet(1_000);
        assertThat(s.score(a)).isZero(); // not active yet
        s.validateMessage(a, id("x"), T);
        s.deliverMessage(a, id("x"));
        now.addAndGet(50);
        s.duplicateMessage(b, id("x")); // within the 100 ms window
        s.validateMessage(a, id("y"), T);
        s.deliverMessage(a, id("y"));
        now.addAndGet(500);
        s.duplicateMessage(b, id("y")); // too late
        now.addAndGet(1_000);
        assertThat(s.score(a)).isEqualTo(-4); // threshold 4, delivered 2: deficit 2
        assertThat(s.score(b)).isEqualTo(-9); // delivered 1: deficit 3
    }

    @Test
    void p3bKeepsTheDeficitAsAPenaltyWhenAPeerLeavesTheMeshAndItDecays() throws Exception {
        PeerScore s = score(onlyTopic(0, 0, 0, -1, 0));
        PeerId a = peer();
        s.addPeer(a, null);
        s.graft(a, T);
        now.addAndGet(500);
        s.prune(a, T);
        assertThat(s.score(a)).isZero(); // pruned before activation: no penalty
        s.graft(a, T);
        now.addAndGet(3_000);
        s.refreshIfDue();
        s.prune(a, T);
        assertThat(s.score(a)).isEqualTo(-16);
        now.addAndGet(1_000);
        s.refreshIfDue();
        assertThat(s.score(a)).isEqualTo(-8);
    }

    @Test
    void p4IsSquaredAndHitsEveryPeerThatSentTheInvalidMessage() throws Exception {
        PeerScore s = score(onlyTopic(0, 0, 0, 0, -1));
        PeerId a = peer();
        PeerId b = peer();
        PeerId c = peer();
        s.addPeer(a, null);
        s.addPeer(b, null);
        s.addPeer(c, null);
        s.validateMessage(a, id("bad1"), T);
        s.duplicateMessage(b, id("bad1")); // while pending
        s.rejectMessage(a, id("bad1"), T);
        s.duplicateMessage(c, id("bad1")); // after rejection
        s.validateMessage(a, id("bad2"), T);
        s.rejectMessage(a, id("bad2"), T);
        s.validateMessage(a, id("ign"), T);
        s.ignoreMessage(id("ign"));
        assertThat(s.score(a)).isEqualTo(-4);
        assertThat(s.score(b)).isEqualTo(-1);
        assertThat(s.score(c)).isEqualTo(-1);
        now.addAndGet(1_000);
        s.refreshIfDue();
        assertThat(s.score(a)).isEqualTo(-1); // 2 * 0.5 = 1, squared
    }

    @Test
    void p5AsksTheApplication() {
        PeerId a = peer();
        PeerScore s = new PeerScore(PeerScoreParams.builder().appSpecific(p -> p.equals(a) ? 3 : 0, 2).build(),
                now::get, 1000);
        s.addPeer(a, null);
        assertThat(s.score(a)).isEqualTo(6);
    }

    @Test
    void p6PenalizesPeersSharingAnIpAboveTheThresholdUnlessWhitelisted() throws Exception {
        PeerScore s = score(onlyTopic(0, 0, 0, 0, 0));
        List<PeerId> same = List.of(peer(), peer(), peer(), peer());
        same.forEach(p -> s.addPeer(p, ipUnchecked("10.0.0.7")));
        PeerId alone = peer();
        s.addPeer(alone, ip("10.0.0.8"));
        assertThat(s.score(same.getFirst())).isEqualTo(-4); // 4 peers, threshold 2: (4-2)^2
        assertThat(s.score(alone)).isZero();
        s.removePeer(same.get(3));
        assertThat(s.score(same.getFirst())).isEqualTo(-1);

        List<PeerId> loop = List.of(peer(), peer(), peer(), peer());
        loop.forEach(p -> s.addPeer(p, ipUnchecked("127.0.0.1")));
        assertThat(s.score(loop.getFirst())).isZero(); // loopback whitelisted by default

        PeerScore strict = new PeerScore(PeerScoreParams.builder().ipColocation(-1, 2, Set.of(), false).build(),
                now::get, 1000);
        loop.forEach(p -> strict.addPeer(p, ipUnchecked("127.0.0.1")));
        assertThat(strict.score(loop.getFirst())).isEqualTo(-4);
        PeerScore listed = new PeerScore(PeerScoreParams.builder()
                .ipColocation(-1, 2, Set.of("10.0.0.7"), false).build(), now::get, 1000);
        same.forEach(p -> listed.addPeer(p, ipUnchecked("10.0.0.7")));
        assertThat(listed.score(same.getFirst())).isZero();
    }

    @Test
    void p7IsTheSquaredPenaltyAboveTheThresholdAndDecays() {
        PeerScore s = score(onlyTopic(0, 0, 0, 0, 0));
        PeerId a = peer();
        s.addPeer(a, null);
        s.addPenalty(a, 1);
        assertThat(s.score(a)).isZero(); // at the threshold
        s.addPenalty(a, 3);
        assertThat(s.score(a)).isEqualTo(-9);
        now.addAndGet(1_000);
        s.refreshIfDue();
        assertThat(s.score(a)).isEqualTo(-1); // 4 * 0.5 = 2, (2-1)^2
    }

    @Test
    void decayReachesZeroAndIsAppliedOncePerElapsedInterval() {
        PeerScore s = score(onlyTopic(0, 0, 0, 0, 0));
        PeerId a = peer();
        s.addPeer(a, null);
        s.addPenalty(a, 9);
        now.addAndGet(999);
        s.refreshIfDue();
        assertThat(s.score(a)).isEqualTo(-64);
        now.addAndGet(3_001); // four intervals in all: 9 / 16 = 0.5625 -> below threshold 1
        s.refreshIfDue();
        assertThat(s.score(a)).isZero();
        now.addAndGet(10_000);
        s.refreshIfDue();
        s.addPenalty(a, 0);
        assertThat(s.scores()).containsEntry(a, 0.0);
    }

    @Test
    void counterBelowDecayToZeroBecomesZero() {
        PeerScore s = score(onlyTopic(0, 1, 0, 0, 0));
        PeerId a = peer();
        s.addPeer(a, null);
        s.validateMessage(a, id("m"), T);
        s.deliverMessage(a, id("m"));
        for (int i = 0; i < 7; i++) { // 1 / 2^7 < 0.01
            now.addAndGet(1_000);
            s.refreshIfDue();
        }
        assertThat(s.score(a)).isZero();
    }

    @Test
    void aDisconnectedPeersBadScoreIsRetainedForTheRetainPeriodAndAGoodOneForgotten() {
        PeerScoreParams params = PeerScoreParams.builder().topics(Map.of(T, onlyTopic(1, 0, 0, 0, -1)), null)
                .retainScore(Duration.ofSeconds(30)).decayInterval(Duration.ofMinutes(5)).build();
        PeerScore s = new PeerScore(params, now::get, 1000);
        PeerId bad = peer();
        PeerId good = peer();
        s.addPeer(bad, null);
        s.addPeer(good, null);
        s.rejectMessage(bad, id("x"), T);
        s.graft(good, T);
        now.addAndGet(2_000);
        s.removePeer(bad);
        s.removePeer(good);
        assertThat(s.scores()).containsOnlyKeys(bad);
        now.addAndGet(10_000);
        s.refreshIfDue();
        s.addPeer(bad, null); // reconnecting does not wipe the record
        assertThat(s.score(bad)).isNegative();
        s.removePeer(bad);
        now.addAndGet(31_000);
        s.refreshIfDue();
        assertThat(s.scores()).isEmpty();
    }

    @Test
    void topicScoreCapBoundsThePositivePart() {
        PeerScoreParams params = PeerScoreParams.builder().topics(Map.of(T, onlyTopic(1, 0, 0, 0, 0)), null)
                .topicScoreCap(2).build();
        PeerScore s = new PeerScore(params, now::get, 1000);
        PeerId a = peer();
        s.addPeer(a, null);
        s.graft(a, T);
        now.addAndGet(8_000);
        assertThat(s.score(a)).isEqualTo(2);
    }

    @Test
    void brokenPromisesAreCountedOncePerIWantAfterTheFollowUpTime() {
        GossipPromises promises = new GossipPromises(3_000, 10);
        PeerId a = peer();
        PeerId b = peer();
        promises.promised(a, List.of(id("1"), id("2")), 0);
        promises.promised(a, List.of(id("3")), 0);
        promises.promised(b, List.of(id("3")), 0);
        promises.delivered(id("3"));
        assertThat(promises.broken(2_999)).isEmpty();
        assertThat(promises.broken(3_000)).isEqualTo(Map.of(a, 1));
        assertThat(promises.size()).isZero();
        for (int i = 0; i < 20; i++) {
            promises.promised(a, List.of(id("n" + i)), 0);
        }
        assertThat(promises.size()).isEqualTo(10); // bounded
    }

    private static InetAddress ipUnchecked(String s) {
        try {
            return ip(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

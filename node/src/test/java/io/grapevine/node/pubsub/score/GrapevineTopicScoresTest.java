package io.grapevine.node.pubsub.score;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.identity.PeerId;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** P3 on Grapevine's topics: silence never prunes an honest mesh peer, withholding ranks a peer below the rest. */
class GrapevineTopicScoresTest {
    private final AtomicLong now = new AtomicLong(1_000_000);

    private static PeerId peer() {
        return PeerId.fromPublicKey(Ed25519PrivateKey.generate().publicKey());
    }

    private PeerScore score() {
        return new PeerScore(GrapevineTopicScores.scoring().build(), now::get, 120_000);
    }

    private void advanceSeconds(PeerScore s, int seconds) {
        for (int i = 0; i < seconds; i++) {
            now.addAndGet(1_000);
            s.refreshIfDue();
        }
    }

    @Test
    void votesTopicsArePrefixMatchedAndOthersKeepTheDefaults() {
        PeerScoreParams p = GrapevineTopicScores.scoring().build();
        assertThat(p.topic(GrapevineTopicScores.votes("list-a")).orElseThrow())
                .isEqualTo(GrapevineTopicScores.votes());
        assertThat(p.topic(GrapevineTopicScores.ANNOUNCE).orElseThrow()).isEqualTo(GrapevineTopicScores.announce());
        assertThat(p.topic("grapevine/votes/2/x").orElseThrow()).isEqualTo(TopicScoreParams.defaults());
        assertThat(p.topic("other").orElseThrow().meshMessageDeliveriesWeight()).isZero();
    }

    @Test
    void aSilentAnnounceTopicLeavesMeshPeersAtZeroNotBelow() {
        PeerScore s = score();
        PeerId a = peer();
        s.addPeer(a, null);
        s.graft(a, GrapevineTopicScores.ANNOUNCE);
        advanceSeconds(s, 11 * 60); // past the 10 min activation, nothing published
        assertThat(s.score(a)).isGreaterThanOrEqualTo(0).isLessThan(0.01);
    }

    @Test
    void aMeshPeerThatWithholdsAnnouncementsScoresBelowOneThatDelivers() {
        PeerScore s = score();
        PeerId honest = peer();
        PeerId withholding = peer();
        String t = GrapevineTopicScores.ANNOUNCE;
        s.addPeer(honest, null);
        s.addPeer(withholding, null);
        s.graft(honest, t);
        s.graft(withholding, t);
        for (int minute = 0; minute < 12; minute++) { // one announcement a minute, the planned rate
            ByteString id = ByteString.copyFromUtf8("m" + minute);
            s.validateMessage(honest, id, t);
            s.deliverMessage(honest, id);
            advanceSeconds(s, 60);
        }
        assertThat(s.score(honest)).isGreaterThan(0.99); // P1 capped; P2 has decayed between announcements
        // P1 +1 (capped) and P3 -1: the withholding peer sits at 0, below every delivering peer.
        assertThat(s.score(withholding)).isLessThan(s.score(honest)).isLessThan(0.01);
    }
}

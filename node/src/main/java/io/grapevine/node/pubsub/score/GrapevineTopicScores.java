package io.grapevine.node.pubsub.score;

import java.time.Duration;
import java.util.Map;

/**
 * Score parameters for Grapevine's own topics, with P3/P3b (mesh message deliveries) set for their expected rates.
 * Both topics are low-rate and bursty, so silence cannot be told from withholding: the P3 penalty is at most as large
 * as the P1 credit a peer earns by staying in the mesh, and a quiet topic never pushes an honest mesh peer below 0
 * (which would prune it). The reasoning and the numbers are in docs/pubsub.md ("P3 for Grapevine's topics").
 */
public final class GrapevineTopicScores {
    public static final String ANNOUNCE = "grapevine/announce/1";
    public static final String VOTES_PREFIX = "grapevine/votes/1/";

    private GrapevineTopicScores() {
    }

    /** {@code grapevine/votes/1/<list>}. */
    public static String votes(String listId) {
        return VOTES_PREFIX + listId;
    }

    /**
     * Announcements: planned for at least one a minute network-wide. Counter decay 0.998/s (half-life about 6 min):
     * at one a minute a delivering mesh peer holds about 8, against a threshold of 1, after 10 min of activation.
     */
    public static TopicScoreParams announce() {
        return meshDeliveries(1.0, 0.998, 1, 10, Duration.ofMinutes(10));
    }

    /**
     * One blocklist's votes: rarer and burstier than announcements. Decay 0.999/s (half-life about 11.5 min),
     * threshold 1, 20 min of activation; half the topic weight, as a node follows several lists.
     */
    public static TopicScoreParams votes() {
        return meshDeliveries(0.5, 0.999, 1, 10, Duration.ofMinutes(20));
    }

    /** Scoring for both, by exact name and by prefix; other topics keep the defaults. */
    public static PeerScoreParams.Builder scoring() {
        return PeerScoreParams.builder().topics(Map.of(ANNOUNCE, announce(), VOTES_PREFIX + "*", votes()),
                TopicScoreParams.defaults());
    }

    private static TopicScoreParams meshDeliveries(double topicWeight, double decay, double threshold, double cap,
            Duration activation) {
        TopicScoreParams d = TopicScoreParams.defaults();
        // P3 weight -1: at most -threshold² = -1, matching P1's cap of +1 (0.01 × 100 s in the mesh).
        // Window 2 s: a mesh peer's copy counts if it comes within 2 s of the first, so slower honest paths count.
        return new TopicScoreParams(topicWeight,
                d.timeInMeshWeight(), d.timeInMeshQuantum(), d.timeInMeshCap(),
                d.firstMessageDeliveriesWeight(), d.firstMessageDeliveriesDecay(), d.firstMessageDeliveriesCap(),
                -1.0, decay, cap, threshold, Duration.ofSeconds(2), activation,
                -1.0, decay,
                d.invalidMessageDeliveriesWeight(), d.invalidMessageDeliveriesDecay());
    }
}

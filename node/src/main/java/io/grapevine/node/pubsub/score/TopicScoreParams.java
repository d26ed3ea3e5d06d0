package io.grapevine.node.pubsub.score;

import java.time.Duration;

/**
 * Per-topic score parameters of gossipsub v1.1 (P1-P4). Counters decay by their factor each decay interval.
 *
 * @param topicWeight multiplies the sum of this topic's P1-P4 terms
 * @param timeInMeshWeight P1 weight (positive); P1 = min(time in mesh / quantum, cap)
 * @param firstMessageDeliveriesWeight P2 weight (positive); the counter is capped at {@code firstMessageDeliveriesCap}
 * @param meshMessageDeliveriesWeight P3 weight (negative or 0 = off); P3 = deficit² below the threshold once active
 * @param meshMessageDeliveriesWindow a duplicate arriving this long after the first delivery still counts for P3
 * @param meshMessageDeliveriesActivation P3 applies only after a peer has been in the mesh this long
 * @param meshFailurePenaltyWeight P3b weight (negative or 0 = off): the deficit² when a peer leaves the mesh
 * @param invalidMessageDeliveriesWeight P4 weight (negative); P4 = invalid deliveries²
 */
public record TopicScoreParams(
        double topicWeight,
        double timeInMeshWeight, Duration timeInMeshQuantum, double timeInMeshCap,
        double firstMessageDeliveriesWeight, double firstMessageDeliveriesDecay, double firstMessageDeliveriesCap,
        double meshMessageDeliveriesWeight, double meshMessageDeliveriesDecay, double meshMessageDeliveriesCap,
        double meshMessageDeliveriesThreshold, Duration meshMessageDeliveriesWindow,
        Duration meshMessageDeliveriesActivation,
        double meshFailurePenaltyWeight, double meshFailurePenaltyDecay,
        double invalidMessageDeliveriesWeight, double invalidMessageDeliveriesDecay) {

    public TopicScoreParams {
        if (topicWeight < 0 || timeInMeshWeight < 0 || firstMessageDeliveriesWeight < 0) {
            throw new IllegalArgumentException("topic, P1 and P2 weights must not be negative");
        }
        if (meshMessageDeliveriesWeight > 0 || meshFailurePenaltyWeight > 0 || invalidMessageDeliveriesWeight > 0) {
            throw new IllegalArgumentException("P3, P3b and P4 weights must not be positive");
        }
        if (timeInMeshQuantum.isZero() || timeInMeshQuantum.isNegative()) {
            throw new IllegalArgumentException("timeInMeshQuantum must be positive");
        }
        for (double decay : new double[] {firstMessageDeliveriesDecay, meshMessageDeliveriesDecay,
                meshFailurePenaltyDecay, invalidMessageDeliveriesDecay}) {
            if (decay <= 0 || decay >= 1) {
                throw new IllegalArgumentException("decay factors must be in (0, 1)");
            }
        }
    }

    /**
     * Defaults: P1 up to +1 after 100 s in the mesh, P2 +1 per first delivery up to +10 (decay 0.9), P4 -10 × invalid²
     * (decay 0.99, so three invalid messages graylist a peer and it takes minutes to recover). P3/P3b are off: their
     * threshold depends on the topic's message rate, so an application sets them per topic.
     */
    public static TopicScoreParams defaults() {
        return new TopicScoreParams(1.0,
                0.01, Duration.ofSeconds(1), 100,
                1.0, 0.9, 10,
                0, 0.9, 100, 1, Duration.ofMillis(10), Duration.ofSeconds(5),
                0, 0.9,
                -10, 0.99);
    }

    /** This with P3 and P3b on: a mesh peer must deliver {@code threshold} messages (decaying) once active. */
    public TopicScoreParams withMeshDeliveries(double weight, double threshold, Duration activation, double failureWeight) {
        return new TopicScoreParams(topicWeight, timeInMeshWeight, timeInMeshQuantum, timeInMeshCap,
                firstMessageDeliveriesWeight, firstMessageDeliveriesDecay, firstMessageDeliveriesCap,
                weight, meshMessageDeliveriesDecay, Math.max(meshMessageDeliveriesCap, threshold), threshold,
                meshMessageDeliveriesWindow, activation, failureWeight, meshFailurePenaltyDecay,
                invalidMessageDeliveriesWeight, invalidMessageDeliveriesDecay);
    }
}

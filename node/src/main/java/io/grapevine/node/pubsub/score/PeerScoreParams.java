package io.grapevine.node.pubsub.score;

import io.grapevine.node.identity.PeerId;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Global score parameters of gossipsub v1.1 (P5-P7, decay, retention) and the per-topic ones.
 *
 * @param topics parameters of named topics; a key ending in {@code /*} covers every topic under that prefix (e.g.
 *     {@code grapevine/votes/1/*}), an exact name wins over a prefix and a longer prefix over a shorter one
 * @param defaultTopic parameters for subscribed topics not in {@code topics}, or null to score them not at all
 * @param topicScoreCap upper bound of the summed positive topic contributions (0 = none)
 * @param appSpecificScore P5, asked at each score computation; must be quick
 * @param ipColocationFactorWeight P6 weight (negative); P6 = (peers on the IP - threshold)² above the threshold
 * @param ipColocationFactorWhitelist IPs (text form, e.g. "10.0.0.1") never counted for P6
 * @param whitelistLoopback treat loopback addresses as whitelisted (on by default; tests turn it off)
 * @param behaviourPenaltyWeight P7 weight (negative); P7 = (penalty - threshold)² above the threshold
 * @param decayToZero a decayed counter below this becomes 0
 * @param retainScore how long a disconnected peer's counters are kept (so reconnecting does not clear a bad score)
 */
public record PeerScoreParams(
        Map<String, TopicScoreParams> topics, TopicScoreParams defaultTopic, double topicScoreCap,
        ToDoubleFunction<PeerId> appSpecificScore, double appSpecificWeight,
        double ipColocationFactorWeight, int ipColocationFactorThreshold, Set<String> ipColocationFactorWhitelist,
        boolean whitelistLoopback,
        double behaviourPenaltyWeight, double behaviourPenaltyThreshold, double behaviourPenaltyDecay,
        Duration decayInterval, double decayToZero, Duration retainScore) {

    public PeerScoreParams {
        topics = Map.copyOf(topics);
        ipColocationFactorWhitelist = Set.copyOf(ipColocationFactorWhitelist);
        if (ipColocationFactorWeight > 0 || behaviourPenaltyWeight > 0 || ipColocationFactorThreshold < 1) {
            throw new IllegalArgumentException("P6 and P7 weights must not be positive; P6 threshold at least 1");
        }
        if (behaviourPenaltyDecay <= 0 || behaviourPenaltyDecay >= 1 || decayToZero <= 0 || decayToZero >= 1) {
            throw new IllegalArgumentException("behaviourPenaltyDecay and decayToZero must be in (0, 1)");
        }
        if (decayInterval.toMillis() < 1 || retainScore.isNegative()) {
            throw new IllegalArgumentException("decayInterval must be positive, retainScore not negative");
        }
    }

    /**
     * Defaults: topic defaults for every subscribed topic, no cap, no application score, P6 -5 above 10 peers per IP
     * (loopback whitelisted), P7 -10 × (penalty - 1)² decaying 0.9 per second, decay every second to 0.01,
     * scores of disconnected peers kept 10 minutes.
     */
    public static PeerScoreParams defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<TopicScoreParams> topic(String topic) {
        TopicScoreParams exact = topics.get(topic);
        if (exact != null) {
            return Optional.of(exact);
        }
        String best = null;
        for (String key : topics.keySet()) {
            if (key.endsWith("/*") && topic.startsWith(key.substring(0, key.length() - 1))
                    && (best == null || key.length() > best.length())) {
                best = key;
            }
        }
        return Optional.ofNullable(best != null ? topics.get(best) : defaultTopic);
    }

    /** Sets the commonly changed values; the rest keep the defaults above. */
    public static final class Builder {
        private Map<String, TopicScoreParams> topics = Map.of();
        private TopicScoreParams defaultTopic = TopicScoreParams.defaults();
        private double topicScoreCap = 0;
        private ToDoubleFunction<PeerId> appSpecificScore = p -> 0;
        private double appSpecificWeight = 1;
        private double ipColocationFactorWeight = -5;
        private int ipColocationFactorThreshold = 10;
        private Set<String> whitelist = Set.of();
        private boolean whitelistLoopback = true;
        private double behaviourPenaltyWeight = -10;
        private double behaviourPenaltyThreshold = 1;
        private double behaviourPenaltyDecay = 0.9;
        private Duration decayInterval = Duration.ofSeconds(1);
        private Duration retainScore = Duration.ofMinutes(10);

        public Builder topics(Map<String, TopicScoreParams> topics, TopicScoreParams defaultTopic) {
            this.topics = topics;
            this.defaultTopic = defaultTopic;
            return this;
        }

        public Builder topicScoreCap(double cap) {
            this.topicScoreCap = cap;
            return this;
        }

        public Builder appSpecific(ToDoubleFunction<PeerId> score, double weight) {
            this.appSpecificScore = score;
            this.appSpecificWeight = weight;
            return this;
        }

        public Builder ipColocation(double weight, int threshold, Set<String> whitelist, boolean whitelistLoopback) {
            this.ipColocationFactorWeight = weight;
            this.ipColocationFactorThreshold = threshold;
            this.whitelist = whitelist;
            this.whitelistLoopback = whitelistLoopback;
            return this;
        }

        public Builder behaviourPenalty(double weight, double threshold, double decay) {
            this.behaviourPenaltyWeight = weight;
            this.behaviourPenaltyThreshold = threshold;
            this.behaviourPenaltyDecay = decay;
            return this;
        }

        public Builder decayInterval(Duration interval) {
            this.decayInterval = interval;
            return this;
        }

        public Builder retainScore(Duration retain) {
            this.retainScore = retain;
            return this;
        }

        public PeerScoreParams build() {
            return new PeerScoreParams(topics, defaultTopic, topicScoreCap, appSpecificScore, appSpecificWeight,
                    ipColocationFactorWeight, ipColocationFactorThreshold, whitelist, whitelistLoopback,
                    behaviourPenaltyWeight, behaviourPenaltyThreshold, behaviourPenaltyDecay,
                    decayInterval, 0.01, retainScore);
        }
    }
}

package io.grapevine.node.metrics;

import io.grapevine.node.pubsub.gossipsub.PubsubMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gossipsub router's events as Micrometer meters: {@code grapevine_gossip_messages_total{topic,outcome}} (outcome
 * received, duplicate, rejected_signature, rejected_validator, ignored, delivered, published, and sent: copies
 * forwarded), and mesh and topic peer gauges per topic. The router names only topics we subscribe to
 * (others arrive as null, shown as "other"), so peers cannot grow the number of series.
 */
public final class GossipMeters implements PubsubMetrics {
    private static final String OTHER = "other";

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> gauges = new ConcurrentHashMap<>();
    private final AtomicInteger connected = new AtomicInteger();

    public GossipMeters(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("grapevine.gossip.peers", connected, AtomicInteger::get)
                .description("peers speaking a pubsub protocol with us").register(registry);
    }

    private void count(String topic, String outcome, int amount) {
        String name = topic == null ? OTHER : topic;
        counters.computeIfAbsent(name + '\n' + outcome, key -> Counter.builder("grapevine.gossip.messages")
                .description("gossip messages by topic and outcome").tag("topic", name).tag("outcome", outcome)
                .register(registry)).increment(amount);
    }

    private void gauge(String meter, String topic, int value) {
        String name = topic == null ? OTHER : topic;
        gauges.computeIfAbsent(meter + '\n' + name, key -> {
            AtomicInteger holder = new AtomicInteger();
            Gauge.builder(meter, holder, AtomicInteger::get).tag("topic", name).register(registry);
            return holder;
        }).set(value);
    }

    @Override public void messageReceived(String topic) { count(topic, "received", 1); }
    @Override public void messageDuplicate(String topic) { count(topic, "duplicate", 1); }
    @Override public void messageIgnored(String topic) { count(topic, "ignored", 1); }
    @Override public void messageDelivered(String topic) { count(topic, "delivered", 1); }
    @Override public void messagePublished(String topic) { count(topic, "published", 1); }

    @Override
    public void messageRejected(String topic, RejectReason reason) {
        count(topic, reason == RejectReason.SIGNATURE ? "rejected_signature" : "rejected_validator", 1);
    }

    @Override
    public void messagesSent(String topic, int copies) {
        if (copies > 0) count(topic, "sent", copies);
    }

    @Override
    public void topicPeers(String topic, int meshPeers, int subscribedPeers) {
        gauge("grapevine.gossip.mesh.peers", topic, meshPeers);
        gauge("grapevine.gossip.topic.peers", topic, subscribedPeers);
    }

    @Override
    public void peers(int connectedPeers) { connected.set(connectedPeers); }
}

package io.grapevine.node.pubsub.gossipsub;

/**
 * Hooks for metrics (a Micrometer or Prometheus binding is the node's business): every method has an empty default,
 * so a binding overrides what it records. Called on the router thread: implementations must be quick and must not
 * block or throw. Topics are named only when we are subscribed to them ({@code null} otherwise): peers choose topic
 * names freely, and a label per name would let them grow a registry without bound.
 */
public interface PubsubMetrics {
    /** Records nothing; the router's default. */
    PubsubMetrics NONE = new PubsubMetrics() {
    };

    /** Why a message was rejected (each also a P4 penalty for whoever sent it). */
    enum RejectReason {
        /** Unsigned, malformed author or key, bad signature (StrictSign). */
        SIGNATURE,
        /** The topic's validator said REJECT. */
        VALIDATOR
    }

    /** A message arrived in an RPC from a peer, before any check. */
    default void messageReceived(String topic) {
    }

    /** A message already seen (dropped before its signature is checked). */
    default void messageDuplicate(String topic) {
    }

    default void messageRejected(String topic, RejectReason reason) {
    }

    /** A message for a topic we are not in (topic {@code null}), or one the topic's validator said IGNORE to. */
    default void messageIgnored(String topic) {
    }

    /** A valid message handed to the topic's subscriber. */
    default void messageDelivered(String topic) {
    }

    /** One of our own messages published. */
    default void messagePublished(String topic) {
    }

    /** Copies of a message queued to peers: our publishes, relays and IWANT replies. */
    default void messagesSent(String topic, int copies) {
    }

    /** Each heartbeat, per subscribed topic: its mesh size and the connected peers subscribed to it. */
    default void topicPeers(String topic, int meshPeers, int subscribedPeers) {
    }

    /** Each heartbeat: connected peers the router follows. */
    default void peers(int connected) {
    }
}

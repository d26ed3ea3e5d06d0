package io.grapevine.node.pubsub.gossipsub;

/**
 * What an outgoing RPC carries, which decides what is dropped first when a peer does not read: gossip (IHAVE, IWANT
 * replies) goes first, then relayed messages; our own publishes and mesh control are dropped only at the hard limit.
 */
enum SendPriority {
    CONTROL,
    PUBLISH,
    FORWARD,
    GOSSIP;

    /** How many RPCs may already be in flight for an RPC of this priority to be sent. */
    int limit(int maxSendQueue) {
        return switch (this) {
            case CONTROL, PUBLISH -> 2 * maxSendQueue;
            case FORWARD -> maxSendQueue;
            case GOSSIP -> maxSendQueue / 2;
        };
    }
}

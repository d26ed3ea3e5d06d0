package io.grapevine.node.pubsub;

/** An application validator's verdict (pubsub/README.md, "Message Validation"). */
public enum ValidationResult {
    /** Deliver and relay. */
    ACCEPT,
    /** Invalid: drop, do not relay (and, with scoring, penalize the sender). */
    REJECT,
    /** Not relayed, but not the sender's fault (e.g. stale or unknown to us). */
    IGNORE
}

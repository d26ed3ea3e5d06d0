package io.grapevine.node.pubsub;

/** Checks a topic's messages after the signature and before delivery and relay. Runs on the router thread: be quick. */
@FunctionalInterface
public interface Validator {
    ValidationResult validate(PubsubMessage message);
}

package io.grapevine.node.announce;

import io.grapevine.node.announce.proto.AnnounceMessage;
import io.grapevine.node.pubsub.ValidationResult;

/**
 * The outcome of checking one announce-topic message: the pubsub verdict, why (empty when accepted), and the parsed
 * message with its record id (SHA-256 of the data) when it got that far.
 */
public record Verdict(ValidationResult result, String reason, AnnounceMessage message, byte[] id) {
    static Verdict reject(String reason) {
        return new Verdict(ValidationResult.REJECT, reason, null, null);
    }

    Verdict ignore(String why) {
        return new Verdict(ValidationResult.IGNORE, why, message, id);
    }

    Verdict rejectAs(String why) {
        return new Verdict(ValidationResult.REJECT, why, message, id);
    }

    public boolean accepted() {
        return result == ValidationResult.ACCEPT;
    }
}

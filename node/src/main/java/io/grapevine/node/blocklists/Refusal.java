package io.grapevine.node.blocklists;

import io.grapevine.blocklist.tally.Admission;
import io.grapevine.node.pubsub.ValidationResult;

import java.util.Locale;

/**
 * Why a blocklist record was not taken, with what gossip makes of it: REJECT when the record is invalid whatever the
 * receiver's state (the relaying peer should not have sent it), IGNORE when it is a matter of timing or local state.
 */
public enum Refusal {
    MALFORMED(ValidationResult.REJECT),
    BAD_SIGNATURE(ValidationResult.REJECT),
    UNKNOWN_LIST(ValidationResult.IGNORE),
    WRONG_TOPIC(ValidationResult.REJECT),
    FLOOD(ValidationResult.IGNORE),
    DUPLICATE(ValidationResult.IGNORE),
    UNKNOWN_CATEGORY(ValidationResult.REJECT),
    BAD_STAMP(ValidationResult.REJECT),
    /** Held in the tally's pending pool: the invitation may still be on its way. */
    NOT_A_MEMBER(ValidationResult.IGNORE),
    NOT_MEMBERS_ONLY(ValidationResult.REJECT),
    FAR_FUTURE(ValidationResult.REJECT),
    OUTSIDE_WINDOW(ValidationResult.IGNORE),
    BEFORE_LIST_CREATED(ValidationResult.REJECT),
    VOTER_CAP(ValidationResult.IGNORE),
    MEMBERSHIP_CAP(ValidationResult.IGNORE);

    public final ValidationResult gossipVerdict;

    Refusal(ValidationResult gossipVerdict) {
        this.gossipVerdict = gossipVerdict;
    }

    public static Refusal of(Admission admission) {
        if (admission.accepted()) {
            throw new IllegalArgumentException("ACCEPTED is not a refusal");
        }
        return valueOf(admission.name());
    }

    /** The stable code used in metrics, logs and API answers, e.g. {@code bad_stamp}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}

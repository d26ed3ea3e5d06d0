package io.grapevine.blocklist.tally;

import io.grapevine.blocklist.list.ListDefinition;
import io.grapevine.blocklist.list.ListRules;
import io.grapevine.blocklist.list.VotingMode;
import io.grapevine.blocklist.vote.Vote;

/** The checks on a vote that depend only on the vote, the list and "now"; shared by both tally paths. */
final class VoteChecks {
    private VoteChecks() {
    }

    static Admission staticCheck(ListDefinition list, Vote v, long now, TallyLimits limits) {
        ListRules rules = list.rules();
        if (!v.listId().equals(list.id())) {
            return Admission.WRONG_LIST;
        }
        if (!rules.categories().contains(v.reason())) {
            return Admission.UNKNOWN_CATEGORY;
        }
        if (v.timeMillis() < list.createdAtMillis()) {
            return Admission.BEFORE_LIST_CREATED;
        }
        if (v.timeMillis() > now + limits.maxClockSkewMillis()) {
            return Admission.FAR_FUTURE;
        }
        if (v.timeMillis() <= now - rules.windowMillis()) {
            return Admission.OUTSIDE_WINDOW;
        }
        if (rules.votingMode() == VotingMode.OPEN && !v.hasValidStamp(rules.stampDifficulty())) {
            return Admission.BAD_STAMP;
        }
        return Admission.ACCEPTED;
    }

    /** Counted at {@code now}: inside (now - window, now + skew]. */
    static boolean inWindow(ListDefinition list, long time, long now, TallyLimits limits) {
        return time > now - list.rules().windowMillis() && time <= now + limits.maxClockSkewMillis();
    }
}

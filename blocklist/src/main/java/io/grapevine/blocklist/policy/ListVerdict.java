package io.grapevine.blocklist.policy;

import io.grapevine.blocklist.list.BlockRule;
import io.grapevine.blocklist.list.ListId;
import io.grapevine.blocklist.tally.TargetCounts;

/** One followed list's view of a target: its counts, the rule applied (the list's or the local override). */
public record ListVerdict(ListId listId, String listName, TargetCounts counts, BlockRule rule,
                          boolean ruleOverridden, boolean blocked) {
    public String describe() {
        return "list " + listName + " (" + listId + "): " + counts.blockVotes() + " block / " + counts.total()
                + " votes, rule " + rule + (ruleOverridden ? " (local threshold)" : "")
                + (blocked ? " -> blocked" : " -> not blocked");
    }
}

package io.grapevine.blocklist.tally;

import io.grapevine.blocklist.list.BlockRule;

/** Counted votes on one target: one per eligible voter (its latest vote), within the window. */
public record TargetCounts(int blockVotes, int unblockVotes) {
    public static final TargetCounts NONE = new TargetCounts(0, 0);

    public int total() {
        return blockVotes + unblockVotes;
    }

    public boolean blockedBy(BlockRule rule) {
        return rule.blocks(blockVotes, unblockVotes);
    }
}

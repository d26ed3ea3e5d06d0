package io.grapevine.blocklist.policy;

import io.grapevine.blocklist.list.BlockRule;
import io.grapevine.blocklist.list.ListId;
import io.grapevine.blocklist.tally.ListTally;
import io.grapevine.blocklist.tally.TargetCounts;
import io.grapevine.blocklist.vote.Target;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One node's policy: the lists it follows (each with an optional local threshold that tightens or loosens the
 * list's own), and local allow / block entries. Decision order: local allow, then local block, then blocked if
 * any followed list's counts meet its effective rule. The clock is the node's; tallies themselves never read it.
 */
public final class LocalPolicy {
    private record Followed(ListTally tally, BlockRule override) {
        BlockRule effectiveRule() {
            return override != null ? override : tally.list().rules().blockRule();
        }
    }

    private final Clock clock;
    private final Map<ListId, Followed> followed = new TreeMap<>();
    private final Map<Target, LocalOverride> local = new HashMap<>();

    public LocalPolicy(Clock clock) {
        this.clock = clock;
    }

    public void follow(ListTally tally, Optional<BlockRule> localRule) {
        followed.put(tally.list().id(), new Followed(tally, localRule.orElse(null)));
    }

    public void unfollow(ListId id) {
        followed.remove(id);
    }

    public boolean follows(ListId id) {
        return followed.containsKey(id);
    }

    public void allow(Target target) {
        local.put(target, LocalOverride.ALLOW);
    }

    public void block(Target target) {
        local.put(target, LocalOverride.BLOCK);
    }

    public void clearLocal(Target target) {
        local.remove(target);
    }

    public LocalOverride localOverride(Target target) {
        return local.getOrDefault(target, LocalOverride.NONE);
    }

    public Decision decide(Target target) {
        return decide(target, clock.millis());
    }

    public Decision decide(Target target, long now) {
        List<ListVerdict> verdicts = new ArrayList<>();
        boolean listBlocked = false;
        for (Followed f : followed.values()) {
            TargetCounts c = f.tally().count(target, now);
            if (c.total() == 0) {
                continue;
            }
            BlockRule rule = f.effectiveRule();
            boolean blocked = c.blockedBy(rule);
            listBlocked |= blocked;
            verdicts.add(new ListVerdict(f.tally().list().id(), f.tally().list().name(), c, rule,
                    f.override() != null, blocked));
        }
        LocalOverride o = localOverride(target);
        boolean blocked = o == LocalOverride.BLOCK || (o != LocalOverride.ALLOW && listBlocked);
        return new Decision(target, blocked, new Explanation(o, verdicts));
    }

    /** Everything this policy blocks at {@code now}: the input for a {@code BlockedSet}. */
    public SortedSet<Target> blockedTargets(long now) {
        SortedSet<Target> out = new TreeSet<>();
        for (Followed f : followed.values()) {
            out.addAll(f.tally().blocked(now, f.effectiveRule()));
        }
        local.forEach((t, o) -> {
            if (o == LocalOverride.BLOCK) {
                out.add(t);
            } else {
                out.remove(t);
            }
        });
        return out;
    }
}

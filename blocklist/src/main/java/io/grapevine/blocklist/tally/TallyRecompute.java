package io.grapevine.blocklist.tally;

import io.grapevine.blocklist.list.ListDefinition;
import io.grapevine.blocklist.list.VotingMode;
import io.grapevine.blocklist.membership.Membership;
import io.grapevine.blocklist.membership.MembershipRecord;
import io.grapevine.blocklist.record.Key;
import io.grapevine.blocklist.vote.Target;
import io.grapevine.blocklist.vote.Vote;
import io.grapevine.blocklist.vote.VoteAction;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The tally from scratch, as a plain function of (list, set of votes, set of membership records, now): the
 * definition that {@link ListTally} computes incrementally.
 * <ol>
 *   <li>membership from all membership records ({@link Membership#compute});</li>
 *   <li>votes kept: right list, known category, created &lt;= time &lt;= now + skew, time &gt; now - window,
 *       valid stamp (open lists), voter a member at the vote's time (members-only lists);</li>
 *   <li>per voter, only the newest {@code maxVotesPerVoter} kept votes by (time, hash);</li>
 *   <li>per (voter, target), the newest of those by (time, hash) is the voter's vote;</li>
 *   <li>a target's counts are the number of such BLOCK and UNBLOCK votes.</li>
 * </ol>
 */
public final class TallyRecompute {
    private TallyRecompute() {
    }

    public static SortedMap<Target, TargetCounts> counts(ListDefinition list, Collection<Vote> votes,
                                                        Collection<MembershipRecord> memberships,
                                                        TallyLimits limits, long now) {
        Membership membership = list.rules().votingMode() == VotingMode.MEMBERS_ONLY
                ? Membership.compute(list, memberships) : Membership.founderOnly(list);
        Map<Key, List<HeldVote>> byVoter = new HashMap<>();
        Set<Key> seen = new HashSet<>();
        for (Vote v : votes) {
            if (!VoteChecks.staticCheck(list, v, now, limits).accepted()) {
                continue;
            }
            if (list.rules().votingMode() == VotingMode.MEMBERS_ONLY
                    && !membership.isMember(v.voterKey(), v.timeMillis())) {
                continue;
            }
            HeldVote h = HeldVote.of(v);
            if (seen.add(Key.of(h.hash()))) {
                byVoter.computeIfAbsent(h.voter(), k -> new ArrayList<>()).add(h);
            }
        }
        Map<Target, Map<Key, HeldVote>> latest = new HashMap<>();
        for (List<HeldVote> mine : byVoter.values()) {
            mine.sort(HeldVote.NEWEST_FIRST);
            for (HeldVote h : mine.subList(0, Math.min(mine.size(), limits.maxVotesPerVoter()))) {
                latest.computeIfAbsent(h.vote().target(), t -> new HashMap<>()).putIfAbsent(h.voter(), h);
            }
        }
        SortedMap<Target, TargetCounts> out = new TreeMap<>();
        latest.forEach((target, voters) -> {
            int block = 0;
            int unblock = 0;
            for (HeldVote h : voters.values()) {
                if (h.vote().action() == VoteAction.BLOCK) {
                    block++;
                } else {
                    unblock++;
                }
            }
            out.put(target, new TargetCounts(block, unblock));
        });
        return out;
    }
}

package io.grapevine.blocklist.tally;

import io.grapevine.blocklist.list.BlockRule;
import io.grapevine.blocklist.list.ListDefinition;
import io.grapevine.blocklist.list.VotingMode;
import io.grapevine.blocklist.membership.Membership;
import io.grapevine.blocklist.membership.MembershipAction;
import io.grapevine.blocklist.membership.MembershipRecord;
import io.grapevine.blocklist.record.Key;
import io.grapevine.blocklist.record.Verified;
import io.grapevine.blocklist.vote.Target;
import io.grapevine.blocklist.vote.Vote;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The incremental tally of one list: verified records go in one at a time, in any order; counts come out for an
 * explicit {@code now}. For each (voter, target) the newest eligible vote counts, if it lies in the window.
 * Adding a vote touches only its voter and target; the result equals {@link TallyRecompute} over the same records.
 * Not thread-safe: the caller serializes access (one writer per list).
 */
public final class ListTally {
    private final ListDefinition list;
    private final TallyLimits limits;
    private final Map<Key, TreeSet<HeldVote>> byVoter = new HashMap<>();
    private final Map<Target, Map<Key, TreeSet<HeldVote>>> byTarget = new HashMap<>();
    private final Map<Key, MembershipRecord> membershipRecords = new HashMap<>();
    private final Map<Key, Integer> membershipPerActor = new HashMap<>();
    private record Pending(Key signer, Verified<?> verified) {
    }

    private final LinkedHashMap<Key, Pending> pending = new LinkedHashMap<>();
    private final Map<Key, Set<Key>> pendingBySigner = new HashMap<>();
    private Membership membership;
    private int voteCount;

    /** The list's creation record must be verified too: it fixes the founder and the rules. */
    public ListTally(Verified<ListDefinition> list, TallyLimits limits) {
        this.list = list.record();
        this.limits = limits;
        this.membership = Membership.founderOnly(this.list);
    }

    public ListDefinition list() {
        return list;
    }

    public Membership membership() {
        return membership;
    }

    public Admission admitVote(Verified<Vote> verified, long now) {
        Vote v = verified.record();
        Admission a = VoteChecks.staticCheck(list, v, now, limits);
        if (!a.accepted()) {
            return a;
        }
        HeldVote h = HeldVote.of(v);
        TreeSet<HeldVote> mine = byVoter.get(h.voter());
        if (mine != null && mine.contains(h)) {
            return Admission.DUPLICATE;
        }
        if (!eligible(h)) {
            hold(Key.of(h.hash()), h.voter(), verified);
            return Admission.NOT_A_MEMBER;
        }
        if (mine == null) {
            mine = new TreeSet<>(HeldVote.OLDEST_FIRST);
            byVoter.put(h.voter(), mine);
        }
        if (mine.size() >= limits.maxVotesPerVoter()) {
            // Keep the newest maxVotesPerVoter records: the kept set is then the same for any arrival order.
            if (HeldVote.OLDEST_FIRST.compare(h, mine.first()) < 0) {
                return Admission.VOTER_CAP;
            }
            remove(mine.pollFirst());
        }
        mine.add(h);
        byTarget.computeIfAbsent(v.target(), t -> new HashMap<>())
                .computeIfAbsent(h.voter(), k -> new TreeSet<>(HeldVote.NEWEST_FIRST)).add(h);
        voteCount++;
        return Admission.ACCEPTED;
    }

    public Admission admitMembership(Verified<MembershipRecord> verified, long now) {
        Admission a = admitMembershipOnly(verified, now);
        if (a.accepted()) {
            membership = Membership.compute(list, membershipRecords.values());
            if (verified.record().action() == MembershipAction.INVITE) {
                retryPending(Key.of(verified.record().subjectKey()), now);
            }
        }
        return a;
    }

    private Admission admitMembershipOnly(Verified<MembershipRecord> verified, long now) {
        MembershipRecord m = verified.record();
        if (!m.listId().equals(list.id())) {
            return Admission.WRONG_LIST;
        }
        if (list.rules().votingMode() != VotingMode.MEMBERS_ONLY) {
            return Admission.NOT_MEMBERS_ONLY;
        }
        if (m.timeMillis() < list.createdAtMillis()) {
            return Admission.BEFORE_LIST_CREATED;
        }
        if (m.timeMillis() > now + limits.maxClockSkewMillis()) {
            return Admission.FAR_FUTURE;
        }
        Key hash = Key.of(m.hash());
        if (membershipRecords.containsKey(hash)) {
            return Admission.DUPLICATE;
        }
        if (!membership.isMember(m.actorKey(), m.timeMillis())) {
            hold(hash, Key.of(m.actorKey()), verified);
            return Admission.NOT_A_MEMBER;
        }
        Key actor = Key.of(m.actorKey());
        int issued = membershipPerActor.getOrDefault(actor, 0);
        if (issued >= limits.maxMembershipRecordsPerActor()) {
            return Admission.MEMBERSHIP_CAP;
        }
        membershipPerActor.put(actor, issued + 1);
        membershipRecords.put(hash, m);
        return Admission.ACCEPTED;
    }

    /** Pending records wait for the invitation that makes their signer a member; the oldest is dropped when full. */
    private void hold(Key hash, Key signer, Verified<?> verified) {
        if (limits.maxPending() == 0 || pending.containsKey(hash)) {
            return;
        }
        pending.put(hash, new Pending(signer, verified));
        pendingBySigner.computeIfAbsent(signer, k -> new LinkedHashSet<>()).add(hash);
        if (pending.size() > limits.maxPending()) {
            Iterator<Map.Entry<Key, Pending>> it = pending.entrySet().iterator();
            Map.Entry<Key, Pending> oldest = it.next();
            it.remove();
            unindex(oldest.getValue().signer(), oldest.getKey());
        }
    }

    private void unindex(Key signer, Key hash) {
        Set<Key> mine = pendingBySigner.get(signer);
        mine.remove(hash);
        if (mine.isEmpty()) {
            pendingBySigner.remove(signer);
        }
    }

    /** Re-offers the held records of keys just invited; an admitted invitation re-offers its subject's in turn. */
    @SuppressWarnings("unchecked")
    private void retryPending(Key invited, long now) {
        ArrayDeque<Key> keys = new ArrayDeque<>(List.of(invited));
        while (!keys.isEmpty()) {
            Set<Key> hashes = pendingBySigner.remove(keys.poll());
            if (hashes == null) {
                continue;
            }
            List<Verified<?>> records = new ArrayList<>();
            for (Key h : hashes) {
                records.add(pending.remove(h).verified());
            }
            for (Verified<?> ver : records) {
                if (ver.record() instanceof MembershipRecord m) {
                    if (admitMembershipOnly((Verified<MembershipRecord>) ver, now).accepted()) {
                        membership = Membership.compute(list, membershipRecords.values());
                        keys.add(Key.of(m.subjectKey()));
                    }
                } else {
                    admitVote((Verified<Vote>) ver, now);
                }
            }
        }
    }

    private boolean eligible(HeldVote h) {
        return list.rules().votingMode() == VotingMode.OPEN
                || membership.isMember(h.vote().voterKey(), h.time());
    }

    private void remove(HeldVote h) {
        Map<Key, TreeSet<HeldVote>> voters = byTarget.get(h.vote().target());
        TreeSet<HeldVote> set = voters.get(h.voter());
        set.remove(h);
        if (set.isEmpty()) {
            voters.remove(h.voter());
            if (voters.isEmpty()) {
                byTarget.remove(h.vote().target());
            }
        }
        voteCount--;
    }

    /** Counts on {@code target} at {@code now}: each voter's newest eligible vote, if inside the window. */
    public TargetCounts count(Target target, long now) {
        Map<Key, TreeSet<HeldVote>> voters = byTarget.get(target);
        if (voters == null) {
            return TargetCounts.NONE;
        }
        int block = 0;
        int unblock = 0;
        for (TreeSet<HeldVote> votes : voters.values()) {
            for (HeldVote h : votes) {
                if (eligible(h)) {
                    if (VoteChecks.inWindow(list, h.time(), now, limits)) {
                        if (h.vote().action() == io.grapevine.blocklist.vote.VoteAction.BLOCK) {
                            block++;
                        } else {
                            unblock++;
                        }
                    }
                    break;
                }
            }
        }
        return new TargetCounts(block, unblock);
    }

    /** Every target with at least one counted vote, in target order. */
    public SortedMap<Target, TargetCounts> counts(long now) {
        SortedMap<Target, TargetCounts> out = new TreeMap<>();
        for (Target t : byTarget.keySet()) {
            TargetCounts c = count(t, now);
            if (c.total() > 0) {
                out.put(t, c);
            }
        }
        return out;
    }

    public SortedSet<Target> blocked(long now, BlockRule rule) {
        SortedSet<Target> out = new TreeSet<>();
        counts(now).forEach((t, c) -> {
            if (c.blockedBy(rule)) {
                out.add(t);
            }
        });
        return out;
    }

    /** Drops votes that can never count again (at or before now - window). Call with a non-decreasing now. */
    public void prune(long now) {
        long cutoff = now - list.rules().windowMillis();
        for (Iterator<TreeSet<HeldVote>> it = byVoter.values().iterator(); it.hasNext(); ) {
            TreeSet<HeldVote> mine = it.next();
            while (!mine.isEmpty() && mine.first().time() <= cutoff) {
                remove(mine.pollFirst());
            }
            if (mine.isEmpty()) {
                it.remove();
            }
        }
    }

    public Collection<Vote> votes() {
        List<Vote> out = new ArrayList<>(voteCount);
        byVoter.values().forEach(s -> s.forEach(h -> out.add(h.vote())));
        return out;
    }

    public Collection<MembershipRecord> membershipRecords() {
        return List.copyOf(membershipRecords.values());
    }

    public int voteCount() {
        return voteCount;
    }

    public int pendingCount() {
        return pending.size();
    }
}

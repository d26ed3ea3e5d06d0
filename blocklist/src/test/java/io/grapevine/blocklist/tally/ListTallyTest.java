package io.grapevine.blocklist.tally;

import io.grapevine.blocklist.list.BlockRule;
import io.grapevine.blocklist.list.ListDefinition;
import io.grapevine.blocklist.testing.Signer;
import io.grapevine.blocklist.vote.Target;
import io.grapevine.blocklist.vote.Vote;
import io.grapevine.blocklist.vote.VoteAction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.grapevine.blocklist.testing.Fixtures.DAY;
import static io.grapevine.blocklist.testing.Fixtures.T0;
import static io.grapevine.blocklist.testing.Fixtures.content;
import static io.grapevine.blocklist.testing.Fixtures.invite;
import static io.grapevine.blocklist.testing.Fixtures.membersOnly;
import static io.grapevine.blocklist.testing.Fixtures.open;
import static io.grapevine.blocklist.testing.Fixtures.revoke;
import static io.grapevine.blocklist.testing.Fixtures.vote;
import static io.grapevine.blocklist.vote.VoteAction.BLOCK;
import static io.grapevine.blocklist.vote.VoteAction.UNBLOCK;
import static org.assertj.core.api.Assertions.assertThat;

class ListTallyTest {
    private final Signer founder = Signer.generate();
    private final Target x = content(1);
    private final long now = T0 + DAY;

    private List<Signer> members(ListTally tally, ListDefinition list, int n) {
        List<Signer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Signer s = Signer.generate();
            assertThat(tally.admitMembership(invite(list, founder, s, T0 + 1), now)).isEqualTo(Admission.ACCEPTED);
            out.add(s);
        }
        return out;
    }

    private ListTally tally(ListDefinition list) {
        return new ListTally(founder.verified(list), TallyLimits.DEFAULT);
    }

    @Test
    void minVotesEdge() {
        ListDefinition list = membersOnly(founder, 3, 1, 2);
        ListTally tally = tally(list);
        List<Signer> m = members(tally, list, 3);
        tally.admitVote(vote(list, m.get(0), x, BLOCK, T0 + 10), now);
        tally.admitVote(vote(list, m.get(1), x, BLOCK, T0 + 10), now);
        assertThat(tally.blocked(now, list.rules().blockRule())).isEmpty();
        tally.admitVote(vote(list, m.get(2), x, BLOCK, T0 + 10), now);
        assertThat(tally.count(x, now)).isEqualTo(new TargetCounts(3, 0));
        assertThat(tally.blocked(now, list.rules().blockRule())).containsExactly(x);
    }

    @Test
    void fractionEdgeIsInclusive() {
        ListDefinition list = membersOnly(founder, 2, 2, 3);
        ListTally tally = tally(list);
        List<Signer> m = members(tally, list, 4);
        tally.admitVote(vote(list, m.get(0), x, BLOCK, T0 + 10), now);
        tally.admitVote(vote(list, m.get(1), x, BLOCK, T0 + 10), now);
        tally.admitVote(vote(list, m.get(2), x, UNBLOCK, T0 + 10), now);
        // 2 of 3 = exactly 2/3: blocked.
        assertThat(tally.count(x, now).blockedBy(list.rules().blockRule())).isTrue();
        tally.admitVote(vote(list, m.get(3), x, UNBLOCK, T0 + 10), now);
        // 2 of 4 < 2/3: not blocked.
        assertThat(tally.count(x, now)).isEqualTo(new TargetCounts(2, 2));
        assertThat(tally.count(x, now).blockedBy(list.rules().blockRule())).isFalse();
    }

    @Test
    void laterUnblockReplacesBlockInAnyOrder() {
        ListDefinition list = membersOnly(founder, 1, 1, 1);
        ListTally a = tally(list);
        ListTally b = tally(list);
        Signer m = members(a, list, 1).get(0);
        b.admitMembership(invite(list, founder, m, T0 + 1), now);
        var block = vote(list, m, x, BLOCK, T0 + 10);
        var unblock = vote(list, m, x, UNBLOCK, T0 + 20);
        a.admitVote(block, now);
        assertThat(a.blocked(now, list.rules().blockRule())).containsExactly(x);
        a.admitVote(unblock, now);
        b.admitVote(unblock, now);
        b.admitVote(block, now);
        assertThat(a.count(x, now)).isEqualTo(new TargetCounts(0, 1)).isEqualTo(b.count(x, now));
        assertThat(a.blocked(now, list.rules().blockRule())).isEmpty();
    }

    @Test
    void equalTimesAreBrokenByRecordHash() {
        ListDefinition list = membersOnly(founder, 1, 1, 1);
        ListTally tally = tally(list);
        Signer m = members(tally, list, 1).get(0);
        var v1 = vote(list, m, x, BLOCK, T0 + 10);
        var v2 = vote(list, m, x, UNBLOCK, T0 + 10);
        tally.admitVote(v1, now);
        tally.admitVote(v2, now);
        byte[] h1 = v1.record().hash();
        byte[] h2 = v2.record().hash();
        VoteAction winner = java.util.Arrays.compareUnsigned(h1, h2) > 0 ? BLOCK : UNBLOCK;
        assertThat(tally.count(x, now)).isEqualTo(winner == BLOCK ? new TargetCounts(1, 0) : new TargetCounts(0, 1));
    }

    @Test
    void nonMembersCannotVote() {
        ListDefinition list = membersOnly(founder, 1, 1, 1);
        ListTally tally = tally(list);
        for (int i = 0; i < 100; i++) {
            assertThat(tally.admitVote(vote(list, Signer.generate(), x, BLOCK, T0 + 10), now))
                    .isEqualTo(Admission.NOT_A_MEMBER);
        }
        assertThat(tally.count(x, now)).isEqualTo(TargetCounts.NONE);
        assertThat(tally.blocked(now, list.rules().blockRule())).isEmpty();
        assertThat(tally.pendingCount()).isEqualTo(100);
    }

    @Test
    void voteArrivingBeforeItsInvitationCountsOnceTheInvitationArrives() {
        ListDefinition list = membersOnly(founder, 1, 1, 1);
        ListTally tally = tally(list);
        Signer m = Signer.generate();
        Signer m2 = Signer.generate();
        assertThat(tally.admitVote(vote(list, m2, x, BLOCK, T0 + 10), now)).isEqualTo(Admission.NOT_A_MEMBER);
        // Invitation chain out of order: m invites m2 before the founder's invitation of m arrives.
        assertThat(tally.admitMembership(invite(list, m, m2, T0 + 5), now)).isEqualTo(Admission.NOT_A_MEMBER);
        assertThat(tally.admitMembership(invite(list, founder, m, T0 + 1), now)).isEqualTo(Admission.ACCEPTED);
        assertThat(tally.count(x, now)).isEqualTo(new TargetCounts(1, 0));
        assertThat(tally.pendingCount()).isZero();
    }

    @Test
    void revocationStopsLaterVotesEvenWhenItArrivesLate() {
        ListDefinition list = membersOnly(founder, 1, 1, 1);
        ListTally tally = tally(list);
        Signer m = members(tally, list, 1).get(0);
        tally.admitVote(vote(list, m, x, BLOCK, T0 + 100), now);
        assertThat(tally.blocked(now, list.rules().blockRule())).containsExactly(x);
        tally.admitMembership(revoke(list, founder, m, T0 + 50), now);
        assertThat(tally.count(x, now)).isEqualTo(TargetCounts.NONE);
        assertThat(tally.admitVote(vote(list, m, content(2), BLOCK, T0 + 200), now))
                .isEqualTo(Admission.NOT_A_MEMBER);
    }

    @Test
    void voteBeforeRevocationStillCounts() {
        ListDefinition list = membersOnly(founder, 1, 1, 1);
        ListTally tally = tally(list);
        Signer m = members(tally, list, 1).get(0);
        tally.admitVote(vote(list, m, x, BLOCK, T0 + 10), now);
        tally.admitMembership(revoke(list, founder, m, T0 + 50), now);
        assertThat(tally.count(x, now)).isEqualTo(new TargetCounts(1, 0));
    }

    @Test
    void timeBounds() {
        ListDefinition list = membersOnly(founder, 1, 1, 1);
        ListTally tally = tally(list);
        Signer m = members(tally, list, 1).get(0);
        long skew = TallyLimits.DEFAULT.maxClockSkewMillis();
        long window = list.rules().windowMillis();
        long later = T0 + 40 * DAY;
        tally.admitMembership(invite(list, founder, m, T0 + 1), later);
        assertThat(tally.admitVote(vote(list, m, x, BLOCK, later + skew + 1), later)).isEqualTo(Admission.FAR_FUTURE);
        assertThat(tally.admitVote(vote(list, m, x, BLOCK, later + skew), later)).isEqualTo(Admission.ACCEPTED);
        assertThat(tally.admitVote(vote(list, m, x, BLOCK, later - window), later))
                .isEqualTo(Admission.OUTSIDE_WINDOW);
        assertThat(tally.admitVote(vote(list, m, content(3), BLOCK, later - window + 1), later))
                .isEqualTo(Admission.ACCEPTED);
        assertThat(tally.admitVote(vote(list, m, x, BLOCK, T0 - 1), T0)).isEqualTo(Admission.BEFORE_LIST_CREATED);
        // The window moves with now: the vote on content(3) stops counting, the tally never reads a clock.
        assertThat(tally.count(content(3), later).total()).isEqualTo(1);
        assertThat(tally.count(content(3), later + 1).total()).isZero();
    }

    @Test
    void refusalsNameTheirReason() {
        ListDefinition list = membersOnly(founder, 1, 1, 1);
        ListDefinition other = open(founder, 0, 1, 1, 1);
        ListTally tally = tally(list);
        Signer m = members(tally, list, 1).get(0);
        var v = vote(list, m, x, BLOCK, T0 + 10);
        assertThat(tally.admitVote(v, now)).isEqualTo(Admission.ACCEPTED);
        assertThat(tally.admitVote(v, now)).isEqualTo(Admission.DUPLICATE);
        assertThat(tally.admitVote(vote(other, m, x, BLOCK, T0 + 10), now)).isEqualTo(Admission.WRONG_LIST);
        assertThat(tally.admitVote(m.verified(new Vote(list.id(), m.publicKey(), x, BLOCK, "opinion", T0 + 10, 0)),
                now)).isEqualTo(Admission.UNKNOWN_CATEGORY);
        ListTally openTally = new ListTally(founder.verified(other), TallyLimits.DEFAULT);
        assertThat(openTally.admitMembership(invite(other, founder, m, T0 + 1), now))
                .isEqualTo(Admission.NOT_MEMBERS_ONLY);
    }

    @Test
    void openListRequiresStamp() {
        ListDefinition list = open(founder, 12, 1, 1, 1);
        ListTally tally = tally(list);
        Signer s = Signer.generate();
        Vote good = Vote.stamped(list.id(), s.publicKey(), x, BLOCK, "spam", T0 + 10, 12);
        Vote bad = good.withNonce(good.stampNonce() + 1);
        if (!bad.hasValidStamp(12)) {
            assertThat(tally.admitVote(s.verified(bad), now)).isEqualTo(Admission.BAD_STAMP);
        }
        assertThat(tally.admitVote(s.verified(good.withNonce(-1)), now)).isIn(Admission.BAD_STAMP,
                Admission.ACCEPTED);
        assertThat(tally.admitVote(s.verified(good), now)).isEqualTo(Admission.ACCEPTED);
        assertThat(tally.count(x, now).blockVotes()).isEqualTo(1);
    }

    @Test
    void floodFromOneVoterKeepsOnlyItsNewestRecords() {
        ListDefinition list = open(founder, 0, 1, 1, 1);
        TallyLimits limits = new TallyLimits(60_000, 100, 10, 10);
        ListTally tally = new ListTally(founder.verified(list), limits);
        Signer spammer = Signer.generate();
        int accepted = 0;
        for (int i = 0; i < 1000; i++) {
            if (tally.admitVote(vote(list, spammer, content(i), BLOCK, T0 + i), now).accepted()) {
                accepted++;
            }
        }
        assertThat(accepted).isEqualTo(1000);
        assertThat(tally.voteCount()).isEqualTo(100);
        assertThat(tally.count(content(899), now).total()).isZero();
        assertThat(tally.count(content(900), now).total()).isEqualTo(1);
        assertThat(tally.admitVote(vote(list, spammer, content(5000), BLOCK, T0 + 1), now))
                .isEqualTo(Admission.VOTER_CAP);
        assertThat(tally.voteCount()).isEqualTo(100);
    }

    @Test
    void membershipFloodIsCapped() {
        ListDefinition list = membersOnly(founder, 1, 1, 1);
        ListTally tally = new ListTally(founder.verified(list), new TallyLimits(60_000, 100, 5, 10));
        Signer m = members(tally, list, 1).get(0);
        for (int i = 0; i < 5; i++) {
            assertThat(tally.admitMembership(invite(list, m, Signer.generate(), T0 + 10 + i), now))
                    .isEqualTo(Admission.ACCEPTED);
        }
        assertThat(tally.admitMembership(invite(list, m, Signer.generate(), T0 + 20), now))
                .isEqualTo(Admission.MEMBERSHIP_CAP);
    }

    @Test
    void pendingPoolIsBounded() {
        ListDefinition list = membersOnly(founder, 1, 1, 1);
        ListTally tally = new ListTally(founder.verified(list), new TallyLimits(60_000, 100, 5, 10));
        for (int i = 0; i < 50; i++) {
            tally.admitVote(vote(list, Signer.generate(), x, BLOCK, T0 + 10), now);
        }
        assertThat(tally.pendingCount()).isEqualTo(10);
    }

    @Test
    void pruneDropsOnlyVotesThatCanNoLongerCount() {
        ListDefinition list = membersOnly(founder, 1, 1, 1);
        ListTally tally = tally(list);
        Signer m = members(tally, list, 1).get(0);
        tally.admitVote(vote(list, m, x, BLOCK, T0 + 10), now);
        tally.admitVote(vote(list, m, content(2), BLOCK, T0 + DAY / 2), now);
        long later = T0 + 10 + list.rules().windowMillis();
        tally.prune(later);
        assertThat(tally.voteCount()).isEqualTo(1);
        assertThat(tally.blocked(later, new BlockRule(1, 1, 1))).containsExactly(content(2));
    }
}

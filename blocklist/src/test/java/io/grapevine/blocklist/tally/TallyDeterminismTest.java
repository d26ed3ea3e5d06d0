package io.grapevine.blocklist.tally;

import io.grapevine.blocklist.list.ListDefinition;
import io.grapevine.blocklist.membership.MembershipRecord;
import io.grapevine.blocklist.record.Verified;
import io.grapevine.blocklist.testing.Signer;
import io.grapevine.blocklist.vote.Target;
import io.grapevine.blocklist.vote.Vote;
import io.grapevine.blocklist.vote.VoteAction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;

import static io.grapevine.blocklist.testing.Fixtures.DAY;
import static io.grapevine.blocklist.testing.Fixtures.T0;
import static io.grapevine.blocklist.testing.Fixtures.content;
import static io.grapevine.blocklist.testing.Fixtures.invite;
import static io.grapevine.blocklist.testing.Fixtures.membersOnly;
import static io.grapevine.blocklist.testing.Fixtures.open;
import static io.grapevine.blocklist.testing.Fixtures.revoke;
import static io.grapevine.blocklist.testing.Fixtures.vote;
import static org.assertj.core.api.Assertions.assertThat;

/** The tally is a function of the set of records: any arrival order gives the from-scratch result. */
class TallyDeterminismTest {
    private static final int RECORDS = 10_000;
    private static final long NOW = T0 + 40 * DAY;
    private final Random random = new Random(42);
    private final Signer founder = Signer.generate();

    private SortedMap<Target, TargetCounts> feed(ListDefinition list, TallyLimits limits, List<Verified<?>> records) {
        ListTally tally = new ListTally(founder.verified(list), limits);
        for (Verified<?> r : records) {
            if (r.record() instanceof Vote) {
                @SuppressWarnings("unchecked") Verified<Vote> v = (Verified<Vote>) r;
                tally.admitVote(v, NOW);
            } else {
                @SuppressWarnings("unchecked") Verified<MembershipRecord> m = (Verified<MembershipRecord>) r;
                tally.admitMembership(m, NOW);
            }
        }
        return tally.counts(NOW);
    }

    private SortedMap<Target, TargetCounts> recompute(ListDefinition list, TallyLimits limits,
                                                      List<Verified<?>> records) {
        List<Vote> votes = new ArrayList<>();
        List<MembershipRecord> memberships = new ArrayList<>();
        for (Verified<?> r : records) {
            if (r.record() instanceof Vote v) {
                votes.add(v);
            } else {
                memberships.add((MembershipRecord) r.record());
            }
        }
        return TallyRecompute.counts(list, votes, memberships, limits, NOW);
    }

    private void addVotes(ListDefinition list, List<Signer> voters, List<Verified<?>> records) {
        while (records.size() < RECORDS) {
            Signer voter = voters.get(random.nextInt(voters.size()));
            // Times from before the window to slightly past the allowed skew, so every bound is exercised.
            long time = NOW - 35 * DAY + (long) (random.nextDouble() * 35 * DAY) + random.nextInt(20) * 60_000L;
            VoteAction action = random.nextInt(3) == 0 ? VoteAction.UNBLOCK : VoteAction.BLOCK;
            records.add(vote(list, voter, content(random.nextInt(100)), action, time));
        }
    }

    private void assertOrderIndependent(ListDefinition list, TallyLimits limits, List<Verified<?>> records) {
        SortedMap<Target, TargetCounts> expected = recompute(list, limits, records);
        assertThat(expected).isNotEmpty();
        assertThat(expected.values().stream().filter(c -> c.blockedBy(list.rules().blockRule()))).isNotEmpty();
        assertThat(expected.values().stream().filter(c -> !c.blockedBy(list.rules().blockRule()))).isNotEmpty();
        for (int round = 0; round < 5; round++) {
            List<Verified<?>> shuffled = new ArrayList<>(records);
            Collections.shuffle(shuffled, random);
            assertThat(feed(list, limits, shuffled)).as("permutation %d", round).isEqualTo(expected);
        }
    }

    @Test
    void membersOnlyListWithInvitationsAndRevocations() {
        ListDefinition list = membersOnly(founder, 5, 2, 3);
        List<Verified<?>> records = new ArrayList<>();
        List<Signer> voters = new ArrayList<>();
        List<Signer> members = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Signer m = Signer.generate();
            records.add(invite(list, founder, m, T0 + 1 + i));
            members.add(m);
        }
        for (int i = 0; i < 10; i++) {
            Signer m = Signer.generate();
            records.add(invite(list, members.get(i % 3), m, T0 + DAY + i));
            members.add(m);
        }
        // Revocations inside the window: by the founder, and by an inviter of its own invitee.
        records.add(revoke(list, founder, members.get(5), NOW - 10 * DAY));
        records.add(revoke(list, founder, members.get(6), NOW - 20 * DAY));
        records.add(revoke(list, members.get(0), members.get(20), NOW - 15 * DAY));
        // An attempted revocation by a member who is neither founder nor inviter: no effect.
        records.add(revoke(list, members.get(1), members.get(7), NOW - 25 * DAY));
        voters.addAll(members);
        voters.add(founder);
        for (int i = 0; i < 15; i++) {
            voters.add(Signer.generate());
        }
        addVotes(list, voters, records);
        assertOrderIndependent(list, TallyLimits.DEFAULT, records);
    }

    @Test
    void openListWithStampsAndPerVoterCapEvictions() {
        ListDefinition list = open(founder, 3, 4, 3, 4);
        List<Verified<?>> records = new ArrayList<>();
        List<Signer> voters = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            voters.add(Signer.generate());
        }
        addVotes(list, voters, records);
        // A cap of 100 per voter with ~250 records each forces evictions.
        assertOrderIndependent(list, new TallyLimits(10 * 60_000L, 100, 1_000, 10_000), records);
    }
}

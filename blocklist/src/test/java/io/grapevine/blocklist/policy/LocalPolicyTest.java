package io.grapevine.blocklist.policy;

import io.grapevine.blocklist.list.BlockRule;
import io.grapevine.blocklist.list.ListDefinition;
import io.grapevine.blocklist.tally.ListTally;
import io.grapevine.blocklist.tally.TallyLimits;
import io.grapevine.blocklist.tally.TargetCounts;
import io.grapevine.blocklist.testing.Signer;
import io.grapevine.blocklist.vote.Target;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static io.grapevine.blocklist.testing.Fixtures.DAY;
import static io.grapevine.blocklist.testing.Fixtures.T0;
import static io.grapevine.blocklist.testing.Fixtures.content;
import static io.grapevine.blocklist.testing.Fixtures.open;
import static io.grapevine.blocklist.testing.Fixtures.vote;
import static io.grapevine.blocklist.vote.VoteAction.BLOCK;
import static io.grapevine.blocklist.vote.VoteAction.UNBLOCK;
import static org.assertj.core.api.Assertions.assertThat;

class LocalPolicyTest {
    private static final long NOW = T0 + DAY;
    private final Signer founder = Signer.generate();
    private final ListDefinition list = open(founder, 0, 3, 1, 2);
    private final ListTally tally = new ListTally(founder.verified(list), TallyLimits.DEFAULT);
    private final LocalPolicy policy = new LocalPolicy(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
    private final Target x = content(1);
    private final Target y = content(2);

    @BeforeEach
    void votes() {
        // x: 3 block, 1 unblock (blocked by the list's rule); y: 2 block (not blocked: fewer than 3).
        for (int i = 0; i < 3; i++) {
            tally.admitVote(vote(list, Signer.generate(), x, BLOCK, T0 + 10), NOW);
        }
        tally.admitVote(vote(list, Signer.generate(), x, UNBLOCK, T0 + 10), NOW);
        for (int i = 0; i < 2; i++) {
            tally.admitVote(vote(list, Signer.generate(), y, BLOCK, T0 + 10), NOW);
        }
    }

    @Test
    void nothingIsBlockedUntilAListIsFollowed() {
        Decision d = policy.decide(x);
        assertThat(d.blocked()).isFalse();
        assertThat(d.explanation().summary()).contains("no followed list");
        policy.follow(tally, Optional.empty());
        d = policy.decide(x);
        assertThat(d.blocked()).isTrue();
        ListVerdict v = d.explanation().lists().get(0);
        assertThat(v.listId()).isEqualTo(list.id());
        assertThat(v.counts()).isEqualTo(new TargetCounts(3, 1));
        assertThat(v.rule()).isEqualTo(list.rules().blockRule());
        assertThat(v.ruleOverridden()).isFalse();
        assertThat(d.explanation().summary()).contains("open list", "3 block / 4 votes", "-> blocked");
        assertThat(policy.decide(y).blocked()).isFalse();
        policy.unfollow(list.id());
        assertThat(policy.decide(x).blocked()).isFalse();
    }

    @Test
    void localThresholdTightensOrLoosens() {
        policy.follow(tally, Optional.of(new BlockRule(4, 1, 2)));
        assertThat(policy.decide(x).blocked()).isFalse();
        assertThat(policy.decide(x).explanation().lists().get(0).ruleOverridden()).isTrue();
        policy.follow(tally, Optional.of(new BlockRule(2, 1, 1)));
        assertThat(policy.decide(x).blocked()).as("3 of 4 < 1/1").isFalse();
        assertThat(policy.decide(y).blocked()).isTrue();
    }

    @Test
    void localAllowAndBlockBeatLists() {
        policy.follow(tally, Optional.empty());
        policy.allow(x);
        Decision d = policy.decide(x);
        assertThat(d.blocked()).isFalse();
        assertThat(d.explanation().local()).isEqualTo(LocalOverride.ALLOW);
        assertThat(d.explanation().summary()).startsWith("allowed locally").contains("-> blocked");
        Target never = content(99);
        policy.block(never);
        assertThat(policy.decide(never).blocked()).isTrue();
        assertThat(policy.blockedTargets(NOW)).containsExactly(never);
        policy.clearLocal(x);
        assertThat(policy.blockedTargets(NOW)).containsExactly(x, never);
    }

    @Test
    void decisionsFollowTheClockOnlyThroughPolicy() {
        policy.follow(tally, Optional.empty());
        assertThat(policy.decide(x, NOW + list.rules().windowMillis()).blocked()).isFalse();
        assertThat(policy.decide(x, NOW).blocked()).isTrue();
    }
}

package io.grapevine.blocklist.testing;

import io.grapevine.blocklist.list.BlockRule;
import io.grapevine.blocklist.list.ListDefinition;
import io.grapevine.blocklist.list.ListRules;
import io.grapevine.blocklist.list.VotingMode;
import io.grapevine.blocklist.membership.MembershipAction;
import io.grapevine.blocklist.membership.MembershipRecord;
import io.grapevine.blocklist.record.Verified;
import io.grapevine.blocklist.vote.Target;
import io.grapevine.blocklist.vote.Vote;
import io.grapevine.blocklist.vote.VoteAction;

import java.util.List;

/** Lists, votes and membership records for tests, signed for real. */
public final class Fixtures {
    public static final long T0 = 1_700_000_000_000L;
    public static final long DAY = 86_400_000L;
    public static final List<String> CATEGORIES = List.of("csam", "malware", "spam");

    private Fixtures() {
    }

    public static ListDefinition membersOnly(Signer founder, int minVotes, int num, int den) {
        return new ListDefinition(founder.publicKey(), "community", "members decide", T0,
                new ListRules(VotingMode.MEMBERS_ONLY, 0, new BlockRule(minVotes, num, den), 30 * DAY, CATEGORIES));
    }

    public static ListDefinition open(Signer founder, int difficulty, int minVotes, int num, int den) {
        return new ListDefinition(founder.publicKey(), "open list", "anyone with work", T0,
                new ListRules(VotingMode.OPEN, difficulty, new BlockRule(minVotes, num, den), 30 * DAY, CATEGORIES));
    }

    public static Verified<Vote> vote(ListDefinition list, Signer voter, Target target, VoteAction action, long time) {
        return voter.verified(Vote.stamped(list.id(), voter.publicKey(), target, action, "spam", time,
                list.rules().stampDifficulty()));
    }

    public static Verified<MembershipRecord> invite(ListDefinition list, Signer actor, Signer subject, long time) {
        return actor.verified(new MembershipRecord(list.id(), MembershipAction.INVITE, actor.publicKey(),
                subject.publicKey(), time));
    }

    public static Verified<MembershipRecord> revoke(ListDefinition list, Signer actor, Signer subject, long time) {
        return actor.verified(new MembershipRecord(list.id(), MembershipAction.REVOKE, actor.publicKey(),
                subject.publicKey(), time));
    }

    public static Target content(int i) {
        return Target.content("bafkreitarget" + i);
    }
}

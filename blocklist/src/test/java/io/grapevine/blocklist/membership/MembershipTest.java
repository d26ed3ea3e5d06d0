package io.grapevine.blocklist.membership;

import io.grapevine.blocklist.list.ListDefinition;
import io.grapevine.blocklist.testing.Signer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static io.grapevine.blocklist.testing.Fixtures.T0;
import static io.grapevine.blocklist.testing.Fixtures.invite;
import static io.grapevine.blocklist.testing.Fixtures.membersOnly;
import static io.grapevine.blocklist.testing.Fixtures.revoke;
import static org.assertj.core.api.Assertions.assertThat;

class MembershipTest {
    private final Signer founder = Signer.generate();
    private final Signer a = Signer.generate();
    private final Signer b = Signer.generate();
    private final Signer c = Signer.generate();
    private final ListDefinition list = membersOnly(founder, 1, 1, 1);

    private Membership of(MembershipRecord... records) {
        return Membership.compute(list, List.of(records));
    }

    @Test
    void founderIsRootMemberFromCreation() {
        Membership m = Membership.founderOnly(list);
        assertThat(m.isMember(founder.publicKey(), T0)).isTrue();
        assertThat(m.isMember(founder.publicKey(), T0 - 1)).isFalse();
        assertThat(m.isMember(a.publicKey(), T0 + 1)).isFalse();
    }

    @Test
    void invitationByMemberAdmitsFromItsTime() {
        Membership m = of(invite(list, founder, a, T0 + 10).record(), invite(list, a, b, T0 + 20).record());
        assertThat(m.isMember(a.publicKey(), T0 + 9)).isFalse();
        assertThat(m.isMember(a.publicKey(), T0 + 10)).isTrue();
        assertThat(m.isMember(b.publicKey(), T0 + 20)).isTrue();
    }

    @Test
    void invitationByNonMemberHasNoEffect() {
        Membership m = of(invite(list, a, b, T0 + 5).record(), invite(list, founder, a, T0 + 10).record());
        assertThat(m.isMember(b.publicKey(), T0 + 100)).isFalse();
    }

    @Test
    void revocationByFounderOrInviterOnly() {
        Membership m = of(invite(list, founder, a, T0 + 1).record(), invite(list, a, b, T0 + 2).record(),
                invite(list, founder, c, T0 + 3).record(),
                revoke(list, c, b, T0 + 4).record());
        assertThat(m.isMember(b.publicKey(), T0 + 5)).as("c is neither founder nor inviter").isTrue();
        m = of(invite(list, founder, a, T0 + 1).record(), invite(list, a, b, T0 + 2).record(),
                revoke(list, a, b, T0 + 4).record());
        assertThat(m.isMember(b.publicKey(), T0 + 3)).isTrue();
        assertThat(m.isMember(b.publicKey(), T0 + 4)).as("revocation time is exclusive").isFalse();
        m = of(invite(list, founder, a, T0 + 1).record(), invite(list, a, b, T0 + 2).record(),
                revoke(list, founder, b, T0 + 4).record());
        assertThat(m.isMember(b.publicKey(), T0 + 4)).isFalse();
    }

    @Test
    void revocationDoesNotCascadeButRevokedMemberCannotInviteAfterwards() {
        Membership m = of(invite(list, founder, a, T0 + 1).record(), invite(list, a, b, T0 + 2).record(),
                revoke(list, founder, a, T0 + 3).record(), invite(list, a, c, T0 + 4).record());
        assertThat(m.isMember(a.publicKey(), T0 + 3)).isFalse();
        assertThat(m.isMember(b.publicKey(), T0 + 10)).isTrue();
        assertThat(m.isMember(c.publicKey(), T0 + 10)).isFalse();
    }

    @Test
    void founderCannotBeRevokedAndRevokedKeyCanBeInvitedAgain() {
        Membership m = of(invite(list, founder, a, T0 + 1).record(), revoke(list, a, founder, T0 + 2).record(),
                revoke(list, founder, a, T0 + 3).record(), invite(list, founder, a, T0 + 7).record());
        assertThat(m.isMember(founder.publicKey(), T0 + 5)).isTrue();
        assertThat(m.isMember(a.publicKey(), T0 + 5)).isFalse();
        assertThat(m.isMember(a.publicKey(), T0 + 7)).isTrue();
    }

    @Test
    void recordsForOtherListsOrBeforeCreationAreIgnored() {
        ListDefinition other = membersOnly(Signer.generate(), 1, 1, 1);
        Membership m = of(invite(other, founder, a, T0 + 1).record(), invite(list, founder, b, T0 - 1).record());
        assertThat(m.isMember(a.publicKey(), T0 + 2)).isFalse();
        assertThat(m.isMember(b.publicKey(), T0 + 2)).isFalse();
    }

    @Test
    void resultIndependentOfInputOrder() {
        List<MembershipRecord> records = new ArrayList<>(List.of(invite(list, founder, a, T0 + 1).record(),
                invite(list, a, b, T0 + 2).record(), revoke(list, a, b, T0 + 2).record(),
                invite(list, b, c, T0 + 2).record(), invite(list, founder, c, T0 + 6).record()));
        Membership reference = Membership.compute(list, records);
        Random r = new Random(1);
        for (int i = 0; i < 20; i++) {
            Collections.shuffle(records, r);
            Membership m = Membership.compute(list, records);
            for (Signer s : List.of(a, b, c)) {
                for (long t = T0; t < T0 + 8; t++) {
                    assertThat(m.isMember(s.publicKey(), t)).isEqualTo(reference.isMember(s.publicKey(), t));
                }
            }
        }
    }
}

package io.grapevine.blocklist.codec;

import io.grapevine.blocklist.list.ListDefinition;
import io.grapevine.blocklist.list.ListId;
import io.grapevine.blocklist.membership.MembershipAction;
import io.grapevine.blocklist.membership.MembershipRecord;
import io.grapevine.blocklist.testing.Fixtures;
import io.grapevine.blocklist.testing.Signer;
import io.grapevine.blocklist.vote.Target;
import io.grapevine.blocklist.vote.Vote;
import io.grapevine.blocklist.vote.VoteAction;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CanonicalCodecTest {
    private final Signer founder = Signer.generate();
    private final ListDefinition list = Fixtures.membersOnly(founder, 7, 2, 3);

    @Test
    void recordsRoundTripAndHaveStableBytes() {
        assertThat(ListDefinition.decode(list.signingBytes())).isEqualTo(list);
        Vote v = new Vote(list.id(), new byte[] {1, 2}, Target.publisher(new byte[] {9}), VoteAction.UNBLOCK,
                "spam", 42, 7);
        assertThat(Vote.decode(v.signingBytes())).isEqualTo(v);
        MembershipRecord m = new MembershipRecord(list.id(), MembershipAction.REVOKE, new byte[] {1}, new byte[] {2},
                5);
        assertThat(MembershipRecord.decode(m.signingBytes())).isEqualTo(m);
        // The exact layout is part of the protocol: pin it.
        Vote pinned = new Vote(ListId.of(new byte[32]), new byte[] {1}, Target.content("c"), VoteAction.BLOCK, "s",
                1, 2);
        assertThat(HexFormat.of().formatHex(pinned.signingBytes())).isEqualTo(
                "0000001a" + HexFormat.of().formatHex("grapevine/blocklist/vote/1".getBytes())
                        + "00".repeat(32) + "0000000101" + "01" + "0000000163" + "01" + "0000000173"
                        + "0000000000000001" + "0000000000000002");
    }

    @Test
    void listIdIsDeterministicAndDependsOnNameAndCreationRecord() {
        assertThat(Fixtures.membersOnly(founder, 7, 2, 3).id()).isEqualTo(list.id());
        assertThat(Fixtures.membersOnly(founder, 8, 2, 3).id()).isNotEqualTo(list.id());
        assertThat(Fixtures.membersOnly(Signer.generate(), 7, 2, 3).id()).isNotEqualTo(list.id());
        assertThat(ListId.parse(list.id().toString())).isEqualTo(list.id());
    }

    @Test
    void malformedBytesAreRefused() {
        byte[] good = new Vote(list.id(), new byte[] {1}, Target.content("c"), VoteAction.BLOCK, "spam", 1, 2)
                .signingBytes();
        for (int cut = 0; cut < good.length; cut++) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThatThrownBy(() -> Vote.decode(truncated)).isInstanceOf(MalformedRecordException.class);
        }
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> Vote.decode(trailing)).hasMessageContaining("trailing");
        assertThatThrownBy(() -> MembershipRecord.decode(good)).hasMessageContaining("expected tag");
        byte[] hugeLength = good.clone();
        // The voter key length field follows tag and list id: claim 2^31 bytes; refused before allocating.
        int at = 4 + 26 + 32;
        hugeLength[at] = (byte) 0x80;
        assertThatThrownBy(() -> Vote.decode(hugeLength)).hasMessageContaining("too long");
        byte[] badAction = good.clone();
        badAction[4 + 26 + 32 + 4 + 1 + 1 + 4 + 1] = 9;
        assertThatThrownBy(() -> Vote.decode(badAction)).hasMessageContaining("unknown vote action");
        byte[] badUtf8 = new CanonicalWriter().string(ListDefinition.TAG).bytes(new byte[] {1})
                .bytes(new byte[] {(byte) 0xC3}).toByteArray();
        assertThatThrownBy(() -> ListDefinition.decode(badUtf8)).hasMessageContaining("UTF-8");
    }

    @Test
    void nonCanonicalListIsRefused() {
        byte[] bytes = list.signingBytes();
        // Swap the last two categories ("malware", "spam" -> "spam", "malware" needs re-encoding): build by hand.
        CanonicalWriter w = new CanonicalWriter().string(ListDefinition.TAG).bytes(list.founderKey())
                .string(list.name()).string(list.description()).i64(list.createdAtMillis()).u8(2).u8(0)
                .u32(7).u32(2).u32(3).i64(list.rules().windowMillis()).u16(2).string("spam").string("csam");
        assertThatThrownBy(() -> ListDefinition.decode(w.toByteArray())).hasMessageContaining("canonical");
        assertThat(bytes).isNotEmpty();
    }
}

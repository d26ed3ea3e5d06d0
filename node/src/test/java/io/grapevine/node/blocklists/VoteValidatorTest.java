package io.grapevine.node.blocklists;

import io.grapevine.blocklist.list.ListDefinition;
import io.grapevine.blocklist.list.ListId;
import io.grapevine.blocklist.policy.LocalOverride;
import io.grapevine.blocklist.vote.Target;
import io.grapevine.blocklist.vote.Vote;
import io.grapevine.blocklist.vote.VoteAction;
import io.grapevine.node.blocklists.proto.RecordKind;
import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.identity.PrivateKey;
import io.grapevine.node.pubsub.PubsubMessage;
import io.grapevine.node.pubsub.ValidationResult;
import com.google.protobuf.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each bad record a peer can gossip is refused with its reason (and counted); a good one blocks. */
class VoteValidatorTest {
    private static final Target ITEM = Target.content("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy");

    @TempDir
    Path home;
    BlocklistFixture node;
    final PrivateKey stranger = Ed25519PrivateKey.generate();

    @BeforeEach
    void open() {
        node = new BlocklistFixture(home, Ed25519PrivateKey.generate(), new FloodLimiter.Limits(3, 0, 100));
    }

    @AfterEach
    void close() {
        node.close();
    }

    private ValidationResult gossip(ListId list, byte[] data) {
        PeerId relay = PeerId.fromPublicKey(stranger.publicKey());
        return new VoteValidator(node.service, list, PeerId.fromPublicKey(node.key.publicKey()))
                .validate(new PubsubMessage(VoteGossip.topic(list), data, relay, 1, ByteString.EMPTY, relay));
    }

    private static byte[] signed(PrivateKey key, Vote vote) {
        return new RecordSigner(key).sign(RecordKind.VOTE, vote).encode();
    }

    private Vote vote(ListDefinition list, PrivateKey voter, long time, int difficulty) {
        return Vote.stamped(list.id(), voter.publicKey().marshal(), ITEM, VoteAction.BLOCK, "spam", time, difficulty);
    }

    private long refused(Refusal r) {
        return node.service.refusals().get(r);
    }

    @Test
    void aGoodVoteIsAcceptedAndBlocksWithAnExplanation() {
        ListDefinition list = node.service.createList("open", "", BlocklistFixture.open(4, 1));
        assertThat(gossip(list.id(), signed(stranger, vote(list, stranger, System.currentTimeMillis(), 4))))
                .isEqualTo(ValidationResult.ACCEPT);
        assertThat(node.decisions.isBlocked(ITEM)).isTrue();
        assertThat(node.decisions.why(ITEM).reason()).contains("list open").contains("1 block / 1 votes");
        node.service.setLocal(ITEM, LocalOverride.ALLOW);
        assertThat(node.decisions.isBlocked(ITEM)).isFalse();
        assertThat(node.decisions.why(ITEM).reason()).startsWith("allowed locally");
    }

    @Test
    void badSignatureIsRejected() {
        ListDefinition list = node.service.createList("open", "", BlocklistFixture.open(0, 1));
        SignedEnvelope env = new RecordSigner(stranger).sign(RecordKind.VOTE, vote(list, stranger, System.currentTimeMillis(), 0));
        byte[] sig = env.signature();
        sig[0] ^= 1;
        assertThat(gossip(list.id(), new SignedEnvelope(RecordKind.VOTE, env.record(), sig).encode()))
                .isEqualTo(ValidationResult.REJECT);
        assertThat(refused(Refusal.BAD_SIGNATURE)).isEqualTo(1);
        assertThat(node.decisions.isBlocked(ITEM)).isFalse();
    }

    @Test
    void cheapStampIsRejected() {
        ListDefinition list = node.service.createList("open", "", BlocklistFixture.open(16, 1));
        Vote v = vote(list, stranger, System.currentTimeMillis(), 0);
        long nonce = 0;
        while (v.withNonce(nonce).hasValidStamp(16)) {
            nonce++;
        }
        assertThat(gossip(list.id(), signed(stranger, v.withNonce(nonce)))).isEqualTo(ValidationResult.REJECT);
        assertThat(refused(Refusal.BAD_STAMP)).isEqualTo(1);
    }

    @Test
    void nonMemberOnMembersOnlyListIsRefused() {
        ListDefinition list = node.service.createList("members", "", BlocklistFixture.membersOnly(1));
        // Dated a little ahead (within the clock skew), so that it falls after the invitation made below.
        assertThat(gossip(list.id(), signed(stranger, vote(list, stranger, System.currentTimeMillis() + 5_000, 0))))
                .isEqualTo(ValidationResult.IGNORE);
        assertThat(refused(Refusal.NOT_A_MEMBER)).isEqualTo(1);
        assertThat(node.decisions.isBlocked(ITEM)).isFalse();
        // Once invited, the held vote counts: order of arrival does not matter.
        node.service.invite(list.id(), stranger.publicKey().marshal());
        assertThat(node.decisions.isBlocked(ITEM)).isTrue();
    }

    @Test
    void unknownListIsIgnored() {
        ListDefinition other = new ListDefinition(stranger.publicKey().marshal(), "elsewhere", "", System.currentTimeMillis(),
                BlocklistFixture.open(0, 1));
        assertThat(gossip(other.id(), signed(stranger, vote(other, stranger, System.currentTimeMillis(), 0))))
                .isEqualTo(ValidationResult.IGNORE);
        assertThat(refused(Refusal.UNKNOWN_LIST)).isEqualTo(1);
    }

    @Test
    void recordOfAnotherListOnThisTopicIsRejected() {
        ListDefinition a = node.service.createList("a", "", BlocklistFixture.open(0, 1));
        ListDefinition b = node.service.createList("b", "", BlocklistFixture.open(0, 1));
        assertThat(gossip(a.id(), signed(stranger, vote(b, stranger, System.currentTimeMillis(), 0))))
                .isEqualTo(ValidationResult.REJECT);
        assertThat(refused(Refusal.WRONG_TOPIC)).isEqualTo(1);
    }

    @Test
    void floodFromOneKeyIsCutOff() {
        ListDefinition list = node.service.createList("open", "", BlocklistFixture.open(0, 1));
        // Distinct times after the list's creation (times before it are refused for that reason, not as a flood).
        long now = list.createdAtMillis() + 10;
        for (int i = 0; i < 3; i++) {
            assertThat(gossip(list.id(), signed(stranger, vote(list, stranger, now + i, 0)))).isEqualTo(ValidationResult.ACCEPT);
        }
        assertThat(gossip(list.id(), signed(stranger, vote(list, stranger, now + 3, 0)))).isEqualTo(ValidationResult.IGNORE);
        assertThat(refused(Refusal.FLOOD)).isEqualTo(1);
        // Another key still gets through.
        PrivateKey other = Ed25519PrivateKey.generate();
        assertThat(gossip(list.id(), signed(other, vote(list, other, now, 0)))).isEqualTo(ValidationResult.ACCEPT);
    }

    @Test
    void farFutureAndBackDatedVotesAreRefused() {
        ListDefinition list = node.service.createList("open", "", BlocklistFixture.open(0, 1));
        long now = System.currentTimeMillis();
        assertThat(gossip(list.id(), signed(stranger, vote(list, stranger, now + 3_600_000, 0))))
                .isEqualTo(ValidationResult.REJECT);
        assertThat(refused(Refusal.FAR_FUTURE)).isEqualTo(1);
        PrivateKey other = Ed25519PrivateKey.generate();
        assertThat(gossip(list.id(), signed(other, vote(list, other, list.createdAtMillis() - 1, 0))))
                .isEqualTo(ValidationResult.REJECT);
        assertThat(refused(Refusal.BEFORE_LIST_CREATED) + refused(Refusal.OUTSIDE_WINDOW)).isEqualTo(1);
        assertThat(node.decisions.isBlocked(ITEM)).isFalse();
    }

    @Test
    void malformedAndOversizedMessagesAreRejected() {
        ListDefinition list = node.service.createList("open", "", BlocklistFixture.open(0, 1));
        assertThat(gossip(list.id(), new byte[] {(byte) 0xff, 1, 2})).isEqualTo(ValidationResult.REJECT);
        assertThat(gossip(list.id(), new byte[SignedEnvelope.MAX_BYTES + 1])).isEqualTo(ValidationResult.REJECT);
        byte[] truncated = new RecordSigner(stranger).sign(RecordKind.VOTE, vote(list, stranger, System.currentTimeMillis(), 0)).record();
        assertThat(gossip(list.id(), new SignedEnvelope(RecordKind.VOTE, Arrays.copyOf(truncated, truncated.length - 3),
                new byte[64]).encode())).isEqualTo(ValidationResult.REJECT);
        assertThat(refused(Refusal.MALFORMED)).isEqualTo(3);
    }

    @Test
    void malformedDenylistImportIsRefusedWithItsLine() {
        assertThatThrownBy(() -> node.service.importDenylist("bad", "/ipfs/QmNotACid\n"))
                .isInstanceOf(BlocklistException.class)
                .satisfies(e -> assertThat(((BlocklistException) e).field()).isEqualTo("body"))
                .hasMessageContaining("line 1");
        assertThat(node.service.denylists()).isEmpty();
    }

    @Test
    void importedDenylistBlocksAndLocalAllowWins() {
        int rules = node.service.importDenylist("kubo", "version: 1\nname: test\n---\n/ipfs/" + ITEM.contentId() + "\n");
        assertThat(rules).isEqualTo(1);
        assertThat(node.decisions.isBlocked(ITEM)).isTrue();
        assertThat(node.decisions.why(ITEM).denylist()).contains("kubo");
        node.service.setLocal(ITEM, LocalOverride.ALLOW);
        assertThat(node.decisions.isBlocked(ITEM)).isFalse();
    }

    @Test
    void everythingSurvivesARestart() {
        ListDefinition list = node.service.createList("open", "", BlocklistFixture.open(0, 2));
        long now = System.currentTimeMillis();
        PrivateKey other = Ed25519PrivateKey.generate();
        gossip(list.id(), signed(stranger, vote(list, stranger, now, 0)));
        gossip(list.id(), signed(other, vote(list, other, now, 0)));
        Target publisher = Target.publisher(other.publicKey().marshal());
        node.service.setLocal(publisher, LocalOverride.BLOCK);
        assertThat(node.decisions.isBlocked(ITEM)).isTrue();
        PrivateKey key = node.key;
        node.close();
        node = new BlocklistFixture(home, key, FloodLimiter.Limits.DEFAULT);
        assertThat(node.service.followedLists()).containsExactly(list.id());
        assertThat(node.decisions.isBlocked(ITEM)).isTrue();
        assertThat(node.decisions.isBlocked(publisher)).isTrue();
        assertThat(node.service.view(list.id(), true).votes()).isEqualTo(2);
    }
}

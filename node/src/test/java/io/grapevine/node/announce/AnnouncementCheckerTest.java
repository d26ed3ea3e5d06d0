package io.grapevine.node.announce;

import com.google.protobuf.ByteString;
import io.grapevine.node.announce.proto.Announcement;
import io.grapevine.node.announce.proto.Retraction;
import io.grapevine.node.identity.PrivateKey;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.pubsub.ValidationResult;
import io.grapevine.node.storage.AnnouncementStore;
import io.grapevine.node.storage.ContentDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static io.grapevine.node.announce.AnnounceFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class AnnouncementCheckerTest {
    @TempDir
    Path tmp;

    private ContentDatabase database;
    private AnnouncementStore store;
    private AnnouncementChecker checker;
    private final PrivateKey key = key();
    private final Cid id = contentId("item");

    @BeforeEach
    void open() {
        database = ContentDatabase.open(tmp);
        store = new AnnouncementStore(database);
        checker = new AnnouncementChecker(store, DIFFICULTY, Duration.ofDays(30), CLOCK, AnnouncementPolicy.ALLOW_ALL);
    }

    @AfterEach
    void close() {
        database.close();
    }

    /** Checks, and stores what is accepted, as the service does. */
    private Verdict apply(byte[] data) {
        Verdict v = checker.check(data);
        if (v.accepted()) {
            var m = v.message();
            if (m.hasAnnouncement()) {
                store.put(m.getAnnouncement().getContentId().toByteArray(), m.getAnnouncement().getCreatedAt(), v.id(), data);
            } else {
                store.retract(m.getRetraction().getContentId().toByteArray(), m.getRetraction().getRetractedAt(), v.id(), data);
            }
        }
        return v;
    }

    private static void expect(Verdict v, ValidationResult result, String reason) {
        assertThat(v.result()).as(v.reason()).isEqualTo(result);
        assertThat(v.reason()).contains(reason);
    }

    @Test
    void acceptsAValidAnnouncementOnceThenIgnoresTheDuplicate() {
        byte[] data = AnnounceCodec.encode(announcement(key, id));
        expect(apply(data), ValidationResult.ACCEPT, "");
        expect(apply(data), ValidationResult.IGNORE, "duplicate");
    }

    @Test
    void rejectsForgedSignature() {
        Announcement a = announcement(key, id);
        Announcement forged = Stamp.solve(a.toBuilder().setTitle("Free money").clearSignature().build(), DIFFICULTY)
                .toBuilder().setSignature(a.getSignature()).build();
        expect(checker.check(AnnounceCodec.encode(forged)), ValidationResult.REJECT, "signature");
    }

    @Test
    void rejectsCheapAndMissingStamps() {
        Announcement cheap = new AnnouncementAuthor(key, DIFFICULTY - 4, CLOCK).announce(draft(id, "cheap"));
        expect(checker.check(AnnounceCodec.encode(cheap)), ValidationResult.REJECT, "below the network's");
        // Claims the difficulty without doing the work (signed, so only the stamp is wrong).
        Announcement lying = new AnnouncementAuthor(key, 0, CLOCK).announce(draft(id, "lying"));
        Announcement claimed = lying.toBuilder().setStampDifficulty(40).build();
        claimed = AnnouncementSigning.sign(claimed, key);
        expect(checker.check(AnnounceCodec.encode(claimed)), ValidationResult.REJECT, "stamp does not meet");
    }

    @Test
    void rejectsOversizedAndMalformed() {
        expect(checker.check(new byte[AnnounceLimits.MAX_MESSAGE_BYTES + 1]), ValidationResult.REJECT, "at most");
        expect(checker.check(new byte[] {0x0a, 0x05, 0x01}), ValidationResult.REJECT, "malformed");
    }

    @Test
    void rejectsFarFutureAndIgnoresTooOld() {
        Announcement future = announcement(key, id, "t", at(NOW.plus(Duration.ofMinutes(11))));
        expect(checker.check(AnnounceCodec.encode(future)), ValidationResult.REJECT, "future");
        Announcement skewed = announcement(key, id, "t", at(NOW.plus(Duration.ofMinutes(9))));
        expect(checker.check(AnnounceCodec.encode(skewed)), ValidationResult.ACCEPT, "");
        Announcement old = announcement(key, id, "t", at(NOW.minus(Duration.ofDays(31))));
        expect(checker.check(AnnounceCodec.encode(old)), ValidationResult.IGNORE, "too old");
    }

    @Test
    void aNewerAnnouncementReplacesButAnOlderReplayIsIgnored() {
        byte[] first = AnnounceCodec.encode(announcement(key, id, "v1", at(NOW.minusSeconds(60))));
        byte[] second = AnnounceCodec.encode(announcement(key, id, "v2", CLOCK));
        expect(apply(first), ValidationResult.ACCEPT, "");
        expect(apply(second), ValidationResult.ACCEPT, "");
        expect(apply(first), ValidationResult.IGNORE, "older");
        assertThat(AnnounceCodec.decode(store.announcement(id.toBytes()).orElseThrow().data())
                .getAnnouncement().getTitle()).isEqualTo("v2");
    }

    @Test
    void aRetractedAnnouncementIsNotResurrectedByReplay() {
        byte[] original = AnnounceCodec.encode(announcement(key, id, "v1", at(NOW.minusSeconds(60))));
        expect(apply(original), ValidationResult.ACCEPT, "");
        Retraction r = new AnnouncementAuthor(key, DIFFICULTY, CLOCK).retract(id);
        expect(apply(AnnounceCodec.encode(r)), ValidationResult.ACCEPT, "");
        assertThat(store.announcement(id.toBytes())).isEmpty();
        expect(apply(original), ValidationResult.IGNORE, "replay of a retracted");
        expect(apply(AnnounceCodec.encode(r)), ValidationResult.IGNORE, "already retracted");
        // The publisher may announce it again later.
        byte[] again = AnnounceCodec.encode(announcement(key, id, "v3", at(NOW.plusSeconds(1))));
        expect(apply(again), ValidationResult.ACCEPT, "");
    }

    @Test
    void onlyThePublisherMayRetract() {
        expect(apply(AnnounceCodec.encode(announcement(key, id))), ValidationResult.ACCEPT, "");
        Retraction byOther = new AnnouncementAuthor(key(), DIFFICULTY, CLOCK).retract(id);
        expect(checker.check(AnnounceCodec.encode(byOther)), ValidationResult.REJECT, "other than the publisher");
        // A retraction re-signed by another key under the publisher's name fails its signature.
        Retraction mine = new AnnouncementAuthor(key, DIFFICULTY, CLOCK).retract(id);
        Retraction forged = mine.toBuilder().setSignature(byOther.getSignature()).build();
        expect(checker.check(AnnounceCodec.encode(forged)), ValidationResult.REJECT, "retraction signature");
        expect(checker.check(AnnounceCodec.encode(new AnnouncementAuthor(key, DIFFICULTY, CLOCK).retract(contentId("none")))),
                ValidationResult.IGNORE, "unknown");
    }

    @Test
    void anotherPublisherOfTheSameContentIsIgnored() {
        expect(apply(AnnounceCodec.encode(announcement(key, id))), ValidationResult.ACCEPT, "");
        Announcement other = announcement(key(), id);
        expect(checker.check(AnnounceCodec.encode(other)), ValidationResult.IGNORE, AnnouncementChecker.OTHER_PUBLISHER);
    }

    @Test
    void thePolicyHookBlocks() {
        checker.setPolicy(a -> a.getTagsList().contains("beach")
                ? AnnouncementPolicy.Decision.block("list L: 3 of 3 votes") : AnnouncementPolicy.Decision.ALLOW);
        expect(checker.check(AnnounceCodec.encode(announcement(key, id))), ValidationResult.IGNORE, "list L");
    }

    @Test
    void rejectsAnAnnouncementWithAnInvalidSignatureLength() {
        Announcement a = announcement(key, id).toBuilder().setSignature(ByteString.copyFrom(new byte[3])).build();
        expect(checker.check(AnnounceCodec.encode(a)), ValidationResult.REJECT, "signature");
    }
}

package io.grapevine.node.announce;

import io.grapevine.node.announce.proto.Announcement;
import io.grapevine.node.announce.proto.Retraction;
import io.grapevine.node.identity.PrivateKey;
import io.grapevine.node.pubsub.ValidationResult;
import io.grapevine.node.storage.AnnouncementStore;
import io.grapevine.node.storage.ContentDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.grapevine.node.announce.AnnounceFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link AnnouncementChecker#checkRecords} (signatures batch-verified) gives each record {@link AnnouncementChecker#checkRecord}'s verdict. */
class AnnouncementCheckerBatchTest {
    @TempDir
    Path tmp;

    private ContentDatabase database;
    private AnnouncementChecker checker;

    @BeforeEach
    void open() {
        database = ContentDatabase.open(tmp);
        checker = new AnnouncementChecker(new AnnouncementStore(database), DIFFICULTY, Duration.ofDays(30), CLOCK,
                AnnouncementPolicy.ALLOW_ALL);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void batchVerdictsEqualSingleVerdictsInOrder() {
        PrivateKey alice = key(), bob = key();
        List<byte[]> records = new ArrayList<>();
        List<ValidationResult> expected = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            PrivateKey k = i % 3 == 0 ? bob : alice;
            Announcement a = announcement(k, contentId("item " + i), "item " + i, CLOCK);
            switch (i % 8) {
                case 1 -> { // forged: another record's signature
                    Announcement other = announcement(k, contentId("other " + i), "other", CLOCK);
                    records.add(AnnounceCodec.encode(a.toBuilder().setSignature(other.getSignature()).build()));
                    expected.add(ValidationResult.REJECT);
                    reasons.add("bad announcement signature");
                }
                case 3 -> {
                    records.add(AnnounceCodec.encode(announcement(k, contentId("future " + i), "t", at(NOW.plus(Duration.ofMinutes(11))))));
                    expected.add(ValidationResult.REJECT);
                    reasons.add("future");
                }
                case 4 -> {
                    records.add(AnnounceCodec.encode(announcement(k, contentId("old " + i), "t", at(NOW.minus(Duration.ofDays(31))))));
                    expected.add(ValidationResult.IGNORE);
                    reasons.add("too old");
                }
                case 5 -> {
                    records.add(new byte[]{1, 2, 3});
                    expected.add(ValidationResult.REJECT);
                    reasons.add("");
                }
                case 6 -> {
                    Retraction r = new AnnouncementAuthor(k, DIFFICULTY, CLOCK).retract(contentId("item " + i));
                    records.add(AnnounceCodec.encode(i % 16 == 6 ? r : r.toBuilder().setRetractedAt(r.getRetractedAt() + 1).build()));
                    expected.add(i % 16 == 6 ? ValidationResult.ACCEPT : ValidationResult.REJECT);
                    reasons.add(i % 16 == 6 ? "" : "bad retraction signature");
                }
                default -> {
                    records.add(AnnounceCodec.encode(a));
                    expected.add(ValidationResult.ACCEPT);
                    reasons.add("");
                }
            }
        }
        List<Verdict> batch = checker.checkRecords(records);
        assertThat(batch).hasSize(records.size());
        for (int i = 0; i < records.size(); i++) {
            Verdict single = checker.checkRecord(records.get(i));
            assertThat(batch.get(i).result()).as("record %d: %s", i, batch.get(i).reason()).isEqualTo(expected.get(i));
            assertThat(batch.get(i).reason()).contains(reasons.get(i)).isEqualTo(single.reason());
            assertThat(batch.get(i).result()).isEqualTo(single.result());
            assertThat(batch.get(i).id()).isEqualTo(single.id());
        }
        assertThat(checker.checkRecords(List.of())).isEmpty();
    }
}

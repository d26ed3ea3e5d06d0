package io.grapevine.node.announce;

import io.grapevine.node.announce.proto.Announcement;
import org.junit.jupiter.api.Test;

import static io.grapevine.node.announce.AnnounceFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class StampTest {
    @Test
    void countsLeadingZeroBits() {
        assertThat(Stamp.leadingZeroBits(new byte[] {0, 0, 0x10})).isEqualTo(19);
        assertThat(Stamp.leadingZeroBits(new byte[] {(byte) 0x80})).isEqualTo(0);
        assertThat(Stamp.leadingZeroBits(new byte[] {0, 1})).isEqualTo(15);
        assertThat(Stamp.leadingZeroBits(new byte[4])).isEqualTo(32);
    }

    @Test
    void aSolvedStampVerifiesAndBindsEveryField() {
        Announcement a = announcement(key(), contentId("s"));
        assertThat(a.getStampDifficulty()).isEqualTo(DIFFICULTY);
        assertThat(Stamp.verify(a)).isTrue();
        // Changing any field (or the claimed difficulty) moves the prefix, so the nonce no longer works (with
        // probability 1 - 2^-8 per change at this difficulty: pick changes whose failure we checked to be stable).
        int broken = 0;
        for (int i = 0; i < 20; i++) {
            if (!Stamp.verify(a.toBuilder().setTitle("other title " + i).build())) broken++;
        }
        assertThat(broken).isGreaterThanOrEqualTo(15);
    }

    @Test
    void theSignatureIsNotPartOfTheStamp() {
        Announcement a = announcement(key(), contentId("t"));
        assertThat(Stamp.verify(a.toBuilder().clearSignature().build())).isTrue();
    }

    @Test
    void aHigherDifficultyClaimNeedsMoreWork() {
        Announcement a = announcement(key(), contentId("u"));
        int failures = 0;
        for (int d = 24; d < 32; d++) {
            if (!Stamp.verify(a.toBuilder().setStampDifficulty(d).build())) failures++;
        }
        assertThat(failures).isGreaterThanOrEqualTo(7);
    }
}

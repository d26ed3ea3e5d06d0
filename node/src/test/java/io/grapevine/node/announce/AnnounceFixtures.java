package io.grapevine.node.announce;

import io.grapevine.node.announce.proto.AnnouncedFile;
import io.grapevine.node.announce.proto.Announcement;
import io.grapevine.node.content.ContentIds;
import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.identity.PrivateKey;
import io.grapevine.node.multiformats.Cid;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Keys, content ids and drafts for announcement tests. */
final class AnnounceFixtures {
    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final int DIFFICULTY = 8;

    private AnnounceFixtures() {}

    static Cid contentId(String seed) {
        return ContentIds.manifestId(seed.getBytes(StandardCharsets.UTF_8));
    }

    static AnnouncementDraft draft(Cid id, String title) {
        return new AnnouncementDraft(id, title, "A walk on the beach, filmed in 4K.", List.of("holiday", "beach"),
                List.of(AnnouncedFile.newBuilder().setPath("beach/walk.mp4").setSize(1000).setMediaType("video/mp4").build()),
                1, 1000, 0, "");
    }

    static Announcement announcement(PrivateKey key, Cid id, String title, Clock clock) {
        return new AnnouncementAuthor(key, DIFFICULTY, clock).announce(draft(id, title));
    }

    static Announcement announcement(PrivateKey key, Cid id) {
        return announcement(key, id, "Holiday video", CLOCK);
    }

    static PrivateKey key() {
        return Ed25519PrivateKey.generate();
    }

    static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }
}

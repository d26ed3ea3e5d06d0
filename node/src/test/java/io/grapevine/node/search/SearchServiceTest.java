package io.grapevine.node.search;

import io.grapevine.index.search.SearchRequest;
import io.grapevine.node.announce.AnnounceCodec;
import io.grapevine.node.announce.AnnouncementAuthor;
import io.grapevine.node.announce.AnnouncementDraft;
import io.grapevine.node.announce.proto.Announcement;
import io.grapevine.node.content.ContentIds;
import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.storage.AnnouncementStore;
import io.grapevine.node.storage.ContentDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The index follows the store across restarts: a fresh or lagging index is rebuilt from the store at open. */
class SearchServiceTest {
    @TempDir
    Path tmp;

    private final AnnouncementAuthor author = new AnnouncementAuthor(Ed25519PrivateKey.generate(), 0, Clock.systemUTC());

    private Announcement store(AnnouncementStore store, int n, String title) {
        Announcement a = author.announce(new AnnouncementDraft(ContentIds.manifestId(new byte[] {(byte) n}), title, "",
                List.of(), List.of(), 0, 0, 0, ""));
        byte[] data = AnnounceCodec.encode(a);
        store.put(a.getContentId().toByteArray(), a.getCreatedAt(), ContentIds.digest(data, 0, data.length), data);
        return a;
    }

    private static long hits(SearchService search, String q) throws Exception {
        return search.search(SearchRequest.of(q)).totalHits();
    }

    @Test
    void rebuildsAFreshIndexAndOneThatMissedChanges() throws Exception {
        try (ContentDatabase db = ContentDatabase.open(tmp)) {
            AnnouncementStore store = new AnnouncementStore(db);
            store(store, 1, "Granite cliffs");
            store(store, 2, "Granite quarry");
            try (SearchService search = SearchService.open(tmp.resolve("index"), store)) {
                assertThat(hits(search, "granite")).as("new index rebuilt from the store").isEqualTo(2);
                Announcement third = store(store, 3, "Granite dome");
                search.upsert(third, store.changes());
            }
            // Written to the store while the index was closed (as after a crash before its commit).
            store(store, 4, "Granite boulder");
            try (SearchService search = SearchService.open(tmp.resolve("index"), store)) {
                assertThat(hits(search, "granite")).isEqualTo(4);
                assertThat(hits(search, "boulder")).isEqualTo(1);
            }
        }
    }

    @Test
    void aRetractionDeletesFromTheIndex() throws Exception {
        try (ContentDatabase db = ContentDatabase.open(tmp)) {
            AnnouncementStore store = new AnnouncementStore(db);
            Announcement a = store(store, 1, "Basalt columns");
            try (SearchService search = SearchService.open(tmp.resolve("index"), store)) {
                assertThat(hits(search, "basalt")).isEqualTo(1);
                search.delete(IndexedItems.contentId(a), store.changes());
                search.search(SearchRequest.of("basalt")); // the delete is visible after the next refresh
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                        .until(() -> hits(search, "basalt") == 0);
            }
        }
    }
}

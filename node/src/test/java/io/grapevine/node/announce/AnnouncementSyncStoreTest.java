package io.grapevine.node.announce;

import io.grapevine.node.announce.proto.Announcement;
import io.grapevine.node.identity.PrivateKey;
import io.grapevine.node.pubsub.gossipsub.GossipsubParams;
import io.grapevine.node.pubsub.gossipsub.GossipsubRouter;
import io.grapevine.node.search.SearchService;
import io.grapevine.node.storage.AnnouncementStore;
import io.grapevine.node.storage.ContentDatabase;
import io.grapevine.node.sync.SyncKey;
import io.grapevine.node.sync.SyncStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static io.grapevine.node.announce.AnnounceFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The catch-up adapter: its index follows the store, and records from a peer pass every gossip rule. */
class AnnouncementSyncStoreTest {
    @TempDir
    Path tmp;

    @Test
    void followsTheStoreAndValidatesWhatPeersSend() throws Exception {
        PrivateKey key = key();
        try (ContentDatabase db = ContentDatabase.open(tmp);
             GossipsubRouter router = new GossipsubRouter(key(), GossipsubParams.defaults(), p -> { })) {
            AnnouncementStore store = new AnnouncementStore(db);
            AnnouncementChecker checker = new AnnouncementChecker(store, DIFFICULTY, Duration.ofDays(30), CLOCK,
                    AnnouncementPolicy.ALLOW_ALL);
            try (SearchService search = SearchService.open(tmp.resolve("index"), store)) {
                AnnouncementService service = new AnnouncementService(store, checker,
                        new AnnouncementAuthor(key, DIFFICULTY, CLOCK), search,
                        new ProviderDirectory(io.grapevine.node.p2p.host.PeerStore.inMemory(10), id -> java.util.Optional.empty()),
                        router);
                byte[] first = AnnounceCodec.encode(announcement(key, contentId("1")));
                assertThat(service.insertVerified(first).accepted()).isTrue();

                AnnouncementSyncStore sync = new AnnouncementSyncStore(store, service);
                assertThat(sync.size()).as("loaded from the store").isEqualTo(1);
                assertThat(sync.accept(AnnounceCodec.encode(announcement(key, contentId("2"))))).isEqualTo(SyncStore.AcceptResult.STORED);
                assertThat(sync.accept(first)).isEqualTo(SyncStore.AcceptResult.KNOWN);
                Announcement forged = announcement(key, contentId("3")).toBuilder().setTitle("changed").build();
                assertThat(sync.accept(AnnounceCodec.encode(forged))).isEqualTo(SyncStore.AcceptResult.INVALID);
                assertThat(sync.count(SyncKey.MIN, SyncKey.MAX)).isEqualTo(2);
                byte[] before = sync.fingerprint(SyncKey.MIN, SyncKey.MAX);

                // A retraction replaces the announcement's key with its own.
                byte[] retraction = AnnounceCodec.encode(new AnnouncementAuthor(key, DIFFICULTY, CLOCK).retract(contentId("1")));
                assertThat(sync.accept(retraction)).isEqualTo(SyncStore.AcceptResult.STORED);
                assertThat(sync.count(SyncKey.MIN, SyncKey.MAX)).isEqualTo(2);
                assertThat(sync.fingerprint(SyncKey.MIN, SyncKey.MAX)).isNotEqualTo(before);
                SyncKey retractionKey = sync.keys(SyncKey.MIN, SyncKey.MAX, 0, 10).stream()
                        .filter(k -> java.util.Arrays.equals(sync.get(k.id()), retraction)).findFirst().orElseThrow();
                assertThat(retractionKey.time()).isEqualTo(NOW.toEpochMilli());
                assertThat(sync.accept(first)).as("replay after retraction").isEqualTo(SyncStore.AcceptResult.KNOWN);
                assertThat(sync.get(new byte[32])).isNull();
                service.close();
            }
        }
    }

    @Test
    void aBatchIsVerifiedInParallelAndStoredInOrder() throws Exception {
        PrivateKey key = key();
        PrivateKey other = key();
        try (ContentDatabase db = ContentDatabase.open(tmp);
             GossipsubRouter router = new GossipsubRouter(key(), GossipsubParams.defaults(), p -> { })) {
            AnnouncementStore store = new AnnouncementStore(db);
            AnnouncementChecker checker = new AnnouncementChecker(store, DIFFICULTY, Duration.ofDays(30), CLOCK,
                    AnnouncementPolicy.ALLOW_ALL);
            try (SearchService search = SearchService.open(tmp.resolve("index"), store)) {
                ProviderDirectory providers = new ProviderDirectory(io.grapevine.node.p2p.host.PeerStore.inMemory(10),
                        id -> java.util.Optional.empty());
                AnnouncementService service = new AnnouncementService(store, checker,
                        new AnnouncementAuthor(key, DIFFICULTY, CLOCK), search, providers, router);
                AnnouncementSyncStore sync = new AnnouncementSyncStore(store, service);
                byte[] first = AnnounceCodec.encode(announcement(key, contentId("1")));
                byte[] older = AnnounceCodec.encode(announcement(key, contentId("2"), "old", at(NOW.minusSeconds(60))));
                byte[] newer = AnnounceCodec.encode(announcement(key, contentId("2"), "new", CLOCK));
                byte[] forged = AnnounceCodec.encode(announcement(key, contentId("3")).toBuilder().setTitle("x").build());
                byte[] secondPublisher = AnnounceCodec.encode(announcement(other, contentId("1")));
                byte[] retraction = AnnounceCodec.encode(new AnnouncementAuthor(key, DIFFICULTY, CLOCK).retract(contentId("2")));
                java.util.List<byte[]> batch = java.util.List.of(first, older, forged, first, newer, secondPublisher,
                        retraction, new byte[] {1, 2, 3});

                assertThat(sync.acceptAll(batch)).containsExactly(SyncStore.AcceptResult.STORED,
                        SyncStore.AcceptResult.STORED, SyncStore.AcceptResult.INVALID, SyncStore.AcceptResult.KNOWN,
                        SyncStore.AcceptResult.STORED, SyncStore.AcceptResult.IGNORED, SyncStore.AcceptResult.STORED,
                        SyncStore.AcceptResult.INVALID);
                // "2": the newer version replaced the older, then the retraction removed it; "1" stays with its publisher
                assertThat(store.announcement(contentId("2").toBytes())).isEmpty();
                assertThat(store.tombstone(contentId("2").toBytes())).isPresent();
                assertThat(sync.size()).isEqualTo(2);
                // as on gossip, the second publisher of held content is a provider
                assertThat(providers.providerIds(contentId("1")))
                        .contains(io.grapevine.node.identity.PeerId.fromPublicKey(other.publicKey()));
                service.close();
            }
        }
    }
}

package io.grapevine.node.blocklists;

import io.grapevine.node.announce.AnnounceCodec;
import io.grapevine.node.announce.AnnounceFeature;
import io.grapevine.node.announce.AnnouncementPolicy;
import io.grapevine.node.announce.proto.Announcement;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.identity.PublicKey;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.search.IndexedItems;
import io.grapevine.node.search.SearchService;
import io.grapevine.node.storage.AnnouncementStore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Blocklists enforced on announcements and search: the {@link AnnouncementPolicy} that keeps a blocked item (or an item
 * of a blocked publisher) from being stored, indexed and relayed, and the index side of {@link IndexEnforcer} over the
 * announcement store and the search service.
 */
final class AnnouncementEnforcement implements IndexedAnnouncements {
    private final AnnouncementStore store;
    private final SearchService search;

    AnnouncementEnforcement(AnnounceFeature announce) {
        this.store = announce.service().store();
        this.search = announce.search();
    }

    static AnnouncementPolicy policy(BlockDecisions decisions) {
        return a -> decisions.blockedReason(IndexedItems.contentId(a).toString(), publisherKey(IndexedItems.publisher(a)))
                .map(AnnouncementPolicy.Decision::block).orElse(AnnouncementPolicy.Decision.ALLOW);
    }

    /** Publishers are peer ids; blocklist targets name them by marshalled key (inline in Ed25519 peer ids). */
    static byte[] publisherKey(PeerId publisher) {
        return publisher.extractPublicKey().map(PublicKey::marshal).orElse(null);
    }

    @Override
    public void unindex(String contentId) {
        parse(contentId).ifPresent(cid -> search.delete(cid, store.changes()));
    }

    @Override
    public void reindex(String contentId) {
        parse(contentId).flatMap(cid -> store.announcement(cid.toBytes()))
                .ifPresent(e -> search.upsert(AnnounceCodec.decode(e.data()).getAnnouncement(), store.changes()));
    }

    @Override
    public byte[] publisherOf(String contentId) {
        return parse(contentId).flatMap(cid -> store.announcement(cid.toBytes()))
                .map(e -> publisherKey(IndexedItems.publisher(AnnounceCodec.decode(e.data()).getAnnouncement())))
                .orElse(null);
    }

    /** A scan of the store: publishers are not indexed there, and blocking a publisher is rare. */
    @Override
    public Collection<String> byPublisher(byte[] publisherKey) {
        List<String> out = new ArrayList<>();
        forEachStored((id, key) -> {
            if (key != null && Arrays.equals(key, publisherKey)) {
                out.add(id);
            }
        });
        return out;
    }

    @Override
    public void forEachStored(BiConsumer<String, byte[]> action) {
        for (Iterator<AnnouncementStore.Entry> it = store.announcements(); it.hasNext(); ) {
            Announcement a = AnnounceCodec.decode(it.next().data()).getAnnouncement();
            action.accept(IndexedItems.contentId(a).toString(), publisherKey(IndexedItems.publisher(a)));
        }
    }

    private static java.util.Optional<Cid> parse(String contentId) {
        try {
            return java.util.Optional.of(Cid.parse(contentId));
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}

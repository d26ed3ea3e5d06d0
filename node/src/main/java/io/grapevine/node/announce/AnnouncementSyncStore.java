package io.grapevine.node.announce;

import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.pubsub.ValidationResult;
import io.grapevine.node.storage.AnnouncementStore;
import io.grapevine.node.sync.SyncKey;
import io.grapevine.node.sync.IndexedSyncStore;

import java.util.List;

/**
 * The announcement set as {@code /grapevine/sync/1} sees it: every held announcement and tombstone, keyed by
 * (time, record id). The sorted index is loaded from the store at construction and follows every store change, so
 * counts and fingerprints never scan RocksDB; records received by sync pass every gossip rule
 * ({@link AnnouncementService#insertVerified}).
 */
public final class AnnouncementSyncStore extends IndexedSyncStore {
    private final AnnouncementStore store;
    private final AnnouncementService service;

    public AnnouncementSyncStore(AnnouncementStore store, AnnouncementService service) {
        this.store = store;
        this.service = service;
        // Built at feature start, before any gossip or sync traffic, so nothing changes the store while it loads.
        store.addChangeListener((added, removed) -> {
            for (AnnouncementStore.Entry e : removed) index.remove(SyncKey.of(e.time(), e.id()));
            index.add(SyncKey.of(added.time(), added.id()));
        });
        long time = 0;
        byte[] after = null;
        for (List<AnnouncementStore.Entry> page; !(page = store.range(time, after, 10_000)).isEmpty(); ) {
            for (AnnouncementStore.Entry e : page) index.add(SyncKey.of(e.time(), e.id()));
            AnnouncementStore.Entry last = page.getLast();
            time = last.time();
            after = last.id();
        }
    }

    @Override
    public byte[] get(byte[] id) {
        if (id.length != AnnouncementStore.ID_LENGTH) return null;
        return store.byId(id).map(AnnouncementStore.Entry::data).orElse(null);
    }

    @Override
    public AcceptResult accept(byte[] record) {
        return result(service.insertVerified(record));
    }

    /** Signatures of the batch are verified in parallel; stored in order ({@link AnnouncementService}). */
    @Override
    public List<AcceptResult> acceptAll(List<byte[]> records) {
        return service.insertVerified(records).stream().map(this::result).toList();
    }

    private AcceptResult result(Verdict verdict) {
        if (AnnouncementChecker.OTHER_PUBLISHER.equals(verdict.reason())) {
            // as on gossip: a second publisher of held content is a provider too
            var a = verdict.message().getAnnouncement();
            service.providers().add(Cid.fromBytes(a.getContentId().toByteArray()),
                    AnnounceCodec.publisher(a.getPublisherKey()));
        }
        if (verdict.result() == ValidationResult.ACCEPT) return AcceptResult.STORED;
        if (verdict.result() == ValidationResult.REJECT) return AcceptResult.INVALID;
        return switch (verdict.reason()) {
            case "duplicate", "already retracted", "replay of a retracted announcement" -> AcceptResult.KNOWN;
            default -> AcceptResult.IGNORED;
        };
    }
}

package io.grapevine.node.blocklists;

import io.grapevine.blocklist.codec.MalformedRecordException;
import io.grapevine.blocklist.list.ListId;
import io.grapevine.blocklist.membership.MembershipRecord;
import io.grapevine.blocklist.vote.Vote;
import io.grapevine.node.blocklists.proto.RecordKind;
import io.grapevine.node.pubsub.ValidationResult;
import io.grapevine.node.sync.SyncKey;
import io.grapevine.node.sync.IndexedSyncStore;


/**
 * The catch-up set {@code votes/<list-id>} of one list: its stored votes and membership records, keyed by (record time,
 * record hash). Records from peers go through the same checks as gossip (without the flood limit: a peer that sends
 * many at once is catching us up). Times outside the sync key range (negative) are not synced.
 */
public final class VoteSyncStore extends IndexedSyncStore {
    private final BlocklistService service;
    private final ListId list;

    VoteSyncStore(BlocklistService service, ListId list) {
        this.service = service;
        this.list = list;
    }

    public static String setName(ListId list) {
        return "votes/" + list;
    }

    /** Listens for new records first, then indexes what is stored (adding twice is harmless). */
    static VoteSyncStore open(BlocklistService service, ListId list) {
        VoteSyncStore store = new VoteSyncStore(service, list);
        service.addRecordListener((l, time, hash) -> {
            if (l.equals(list)) {
                store.add(time, hash);
            }
        });
        service.forEachRecord(list, env -> {
            SyncKey key = keyOf(env);
            if (key != null) {
                store.index.add(key);
            }
        });
        return store;
    }

    private void add(long time, byte[] hash) {
        if (time >= 0 && time < Long.MAX_VALUE) {
            index.add(SyncKey.of(time, hash));
        }
    }

    private static SyncKey keyOf(SignedEnvelope env) {
        try {
            if (env.kind() == RecordKind.VOTE) {
                Vote v = Vote.decode(env.record());
                return v.timeMillis() < 0 ? null : SyncKey.of(v.timeMillis(), v.hash());
            }
            if (env.kind() == RecordKind.MEMBERSHIP) {
                MembershipRecord m = MembershipRecord.decode(env.record());
                return m.timeMillis() < 0 ? null : SyncKey.of(m.timeMillis(), m.hash());
            }
        } catch (MalformedRecordException | IllegalArgumentException e) {
            return null;
        }
        return null;
    }

    @Override
    public byte[] get(byte[] id) {
        return service.storedRecord(list, id);
    }

    @Override
    public AcceptResult accept(byte[] record) {
        if (!service.followedLists().contains(list)) {
            return AcceptResult.IGNORED;
        }
        Offer o = service.offer(record, BlocklistService.Source.SYNC, list);
        if (o.accepted()) {
            return AcceptResult.STORED;
        }
        if (o.refusal() == Refusal.DUPLICATE) {
            return AcceptResult.KNOWN;
        }
        return o.refusal().gossipVerdict == ValidationResult.REJECT ? AcceptResult.INVALID : AcceptResult.IGNORED;
    }
}

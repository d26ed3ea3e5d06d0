package io.grapevine.node.storage;

import io.grapevine.node.content.ContentIds;
import io.grapevine.node.multiformats.Cid;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/** Content ids whose chunks garbage collection must keep (shared or downloading content). Writes are synced. */
public final class PinStore {
    private static final byte[] EMPTY = new byte[0];

    private final ContentDatabase database;
    private final ColumnFamilyHandle pins;

    public PinStore(ContentDatabase database) {
        this.database = database;
        this.pins = database.family(ContentDatabase.PINS);
    }

    public void pin(Cid contentId) {
        if (!ContentIds.isManifestId(contentId)) {
            throw new IllegalArgumentException("only content (manifest) ids are pinned: " + contentId);
        }
        try {
            database.db().put(pins, database.syncWrites(), contentId.toBytes(), EMPTY);
        } catch (RocksDBException e) {
            throw new StorageException("pinning " + contentId + ": " + e.getMessage(), e);
        }
    }

    public void unpin(Cid contentId) {
        try {
            database.db().delete(pins, database.syncWrites(), contentId.toBytes());
        } catch (RocksDBException e) {
            throw new StorageException("unpinning " + contentId + ": " + e.getMessage(), e);
        }
    }

    public boolean isPinned(Cid contentId) {
        try {
            return database.db().get(pins, contentId.toBytes()) != null;
        } catch (RocksDBException e) {
            throw new StorageException("reading pin " + contentId + ": " + e.getMessage(), e);
        }
    }

    public List<Cid> pinned() {
        List<Cid> ids = new ArrayList<>();
        try (RocksIterator it = database.db().newIterator(pins)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                ids.add(Cid.fromBytes(it.key()));
            }
            it.status();
        } catch (RocksDBException e) {
            throw new StorageException("listing pins: " + e.getMessage(), e);
        }
        return ids;
    }
}

package io.grapevine.node.storage;

import io.grapevine.node.multiformats.Cid;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Share records (what this node shares: title, description, tags, files) by content id, as opaque bytes; the share
 * service owns the format. Writes are synced.
 */
public final class ShareStore {
    private final ContentDatabase database;
    private final ColumnFamilyHandle shares;

    public ShareStore(ContentDatabase database) {
        this.database = database;
        this.shares = database.family(ContentDatabase.SHARES);
    }

    public void put(Cid contentId, byte[] record) {
        try {
            database.db().put(shares, database.syncWrites(), contentId.toBytes(), record);
        } catch (RocksDBException e) {
            throw new StorageException("writing share " + contentId + ": " + e.getMessage(), e);
        }
    }

    /** The record, or null. */
    public byte[] get(Cid contentId) {
        try {
            return database.db().get(shares, contentId.toBytes());
        } catch (RocksDBException e) {
            throw new StorageException("reading share " + contentId + ": " + e.getMessage(), e);
        }
    }

    public void delete(Cid contentId) {
        try {
            database.db().delete(shares, database.syncWrites(), contentId.toBytes());
        } catch (RocksDBException e) {
            throw new StorageException("deleting share " + contentId + ": " + e.getMessage(), e);
        }
    }

    /** Every record, in key order. */
    public Map<Cid, byte[]> all() {
        Map<Cid, byte[]> records = new LinkedHashMap<>();
        try (RocksIterator it = database.db().newIterator(shares)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                records.put(Cid.fromBytes(it.key()), it.value());
            }
            it.status();
        } catch (RocksDBException e) {
            throw new StorageException("listing shares: " + e.getMessage(), e);
        }
        return records;
    }
}

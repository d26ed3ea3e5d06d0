package io.grapevine.node.storage;

import io.grapevine.node.multiformats.Cid;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Download records by content id, as opaque bytes (the download manager owns the format). Writes are synced, which
 * also makes every chunk written before them durable (the WAL is one ordered log).
 */
public final class DownloadStore {
    private final ContentDatabase database;
    private final ColumnFamilyHandle downloads;

    public DownloadStore(ContentDatabase database) {
        this.database = database;
        this.downloads = database.family(ContentDatabase.DOWNLOADS);
    }

    public void put(Cid contentId, byte[] record) {
        try {
            database.db().put(downloads, database.syncWrites(), contentId.toBytes(), record);
        } catch (RocksDBException e) {
            throw new StorageException("writing download " + contentId + ": " + e.getMessage(), e);
        }
    }

    /** The record, or null. */
    public byte[] get(Cid contentId) {
        try {
            return database.db().get(downloads, contentId.toBytes());
        } catch (RocksDBException e) {
            throw new StorageException("reading download " + contentId + ": " + e.getMessage(), e);
        }
    }

    public void delete(Cid contentId) {
        try {
            database.db().delete(downloads, database.syncWrites(), contentId.toBytes());
        } catch (RocksDBException e) {
            throw new StorageException("deleting download " + contentId + ": " + e.getMessage(), e);
        }
    }

    /** Every record, in key order. */
    public Map<Cid, byte[]> all() {
        Map<Cid, byte[]> records = new LinkedHashMap<>();
        try (RocksIterator it = database.db().newIterator(downloads)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                records.put(Cid.fromBytes(it.key()), it.value());
            }
            it.status();
        } catch (RocksDBException e) {
            throw new StorageException("listing downloads: " + e.getMessage(), e);
        }
        return records;
    }
}

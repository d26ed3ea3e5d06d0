package io.grapevine.node.storage;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * The {@code market} column family: opaque values under keys the market package builds (a one-byte kind, then the
 * record's id). Every write is synced: an order, a claimed txid or a license lost in a crash would let one payment
 * unlock two orders or lose what a buyer paid for.
 */
public final class MarketStore {
    private final ContentDatabase database;
    private final ColumnFamilyHandle family;

    public MarketStore(ContentDatabase database) {
        this.database = database;
        this.family = database.family(ContentDatabase.MARKET);
    }

    public byte[] get(byte[] key) {
        try {
            return database.db().get(family, key);
        } catch (RocksDBException e) {
            throw new StorageException("reading the market store: " + e.getMessage(), e);
        }
    }

    public void put(byte[] key, byte[] value) {
        try {
            database.db().put(family, database.syncWrites(), key, value);
        } catch (RocksDBException e) {
            throw new StorageException("writing the market store: " + e.getMessage(), e);
        }
    }

    /** Writes {@code value} unless the key is present; returns the value held afterwards. Atomic within this node. */
    public synchronized byte[] putIfAbsent(byte[] key, byte[] value) {
        byte[] held = get(key);
        if (held != null) {
            return held;
        }
        put(key, value);
        return value;
    }

    public void delete(byte[] key) {
        try {
            database.db().delete(family, database.syncWrites(), key);
        } catch (RocksDBException e) {
            throw new StorageException("deleting from the market store: " + e.getMessage(), e);
        }
    }

    /** Every entry whose key starts with {@code prefix}, in key order, at most {@code limit}. */
    public Map<byte[], byte[]> scan(byte[] prefix, int limit) {
        Map<byte[], byte[]> out = new LinkedHashMap<>();
        try (RocksIterator it = database.db().newIterator(family)) {
            for (it.seek(prefix); it.isValid() && out.size() < limit; it.next()) {
                byte[] key = it.key();
                if (key.length < prefix.length || !Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length)) {
                    break;
                }
                out.put(key, it.value());
            }
        }
        return out;
    }
}

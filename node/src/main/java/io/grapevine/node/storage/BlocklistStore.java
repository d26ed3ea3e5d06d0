package io.grapevine.node.storage;

import java.util.Arrays;
import java.util.function.BiConsumer;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * The {@code blocklists} column family: signed lists, votes and membership records, follows, local overrides and
 * imported denylists, under key prefixes chosen by {@code node.blocklists.BlocklistRepository}. Records a peer can
 * send again are written without fsync; the owner's own choices ({@code durable}) are synced.
 */
public final class BlocklistStore {
    private final ContentDatabase database;
    private final ColumnFamilyHandle family;

    public BlocklistStore(ContentDatabase database) {
        this.database = database;
        this.family = database.family(ContentDatabase.BLOCKLISTS);
    }

    public void put(byte[] key, byte[] value, boolean durable) {
        try {
            database.db().put(family, durable ? database.syncWrites() : database.bulkWrites(), key, value);
        } catch (RocksDBException e) {
            throw new StorageException("writing a blocklist entry: " + e.getMessage(), e);
        }
    }

    public byte[] get(byte[] key) {
        try {
            return database.db().get(family, key);
        } catch (RocksDBException e) {
            throw new StorageException("reading a blocklist entry: " + e.getMessage(), e);
        }
    }

    public void delete(byte[] key) {
        try {
            database.db().delete(family, database.syncWrites(), key);
        } catch (RocksDBException e) {
            throw new StorageException("deleting a blocklist entry: " + e.getMessage(), e);
        }
    }

    /** Every entry whose key starts with {@code prefix}, in key order. */
    public void forEach(byte[] prefix, BiConsumer<byte[], byte[]> action) {
        try (RocksIterator it = database.db().newIterator(family)) {
            for (it.seek(prefix); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (key.length < prefix.length || !Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length)) {
                    break;
                }
                action.accept(key, it.value());
            }
            it.status();
        } catch (RocksDBException e) {
            throw new StorageException("listing blocklist entries: " + e.getMessage(), e);
        }
    }
}

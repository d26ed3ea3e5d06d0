package io.grapevine.node.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * The node's one RocksDB, in {@code <home>/db}. Column families: {@code chunks} (chunk bytes by CID, in BlobDB blob
 * files without compression), {@code chunk-index} (chunk CID to size, small, so presence checks and the byte total
 * never read a blob), {@code manifests} (roots and chunk lists by CID), {@code downloads} (download state) and
 * {@code pins}, {@code shares} (what this node shares, with its title and tags), {@code announcements} (signed
 * announcements and retraction tombstones, see AnnouncementStore), {@code blocklists} (see BlocklistStore) and
 * {@code market} (listings, orders, used txids, licenses: {@link MarketStore}). Options and why: docs/content.md,
 * "Storage".
 */
public final class ContentDatabase implements AutoCloseable {
    static final String CHUNKS = "chunks";
    static final String CHUNK_INDEX = "chunk-index";
    /** File sets holding file-backed chunks ({@link ChunkFiles}); absent in homes made before them (created at open). */
    static final String CHUNK_FILES = "chunk-files";
    static final String MANIFESTS = "manifests";
    static final String DOWNLOADS = "downloads";
    static final String PINS = "pins";
    static final String SHARES = "shares";
    static final String ANNOUNCEMENTS = "announcements";
    static final String BLOCKLISTS = "blocklists";
    static final String MARKET = "market";
    private static final long BLOCK_CACHE_BYTES = 64L << 20;

    static {
        RocksDB.loadLibrary();
    }

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    private final RocksDB db;
    private final WriteOptions syncWrites;
    private final WriteOptions bulkWrites;
    private final WriteOptions unloggedWrites;
    private boolean closed;

    private ContentDatabase(Path dir) throws RocksDBException {
        LRUCache cache = keep(new LRUCache(BLOCK_CACHE_BYTES));
        BlockBasedTableConfig table = new BlockBasedTableConfig().setBlockCache(cache)
                .setFilterPolicy(keep(new BloomFilter(10))).setCacheIndexAndFilterBlocks(true);
        ColumnFamilyOptions small = keep(new ColumnFamilyOptions()).setTableFormatConfig(table)
                .setCompressionType(CompressionType.LZ4_COMPRESSION);
        ColumnFamilyOptions chunks = keep(new ColumnFamilyOptions()).setTableFormatConfig(table)
                .setCompressionType(CompressionType.NO_COMPRESSION)
                .setEnableBlobFiles(true).setMinBlobSize(4096).setBlobFileSize(256L << 20)
                .setBlobCompressionType(CompressionType.NO_COMPRESSION)
                .setEnableBlobGarbageCollection(true).setBlobGarbageCollectionAgeCutoff(0.25)
                .setWriteBufferSize(64L << 20).setMaxWriteBufferNumber(3)
                // Flushes come every 8 MiB of chunks (see ChunkStore): let small L0 files (blob references only)
                // pile up before compacting, since each compaction also relocates blobs of the oldest blob files.
                .setLevel0FileNumCompactionTrigger(32).setLevel0SlowdownWritesTrigger(96)
                .setLevel0StopWritesTrigger(128);
        DBOptions options = keep(new DBOptions()).setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                .setMaxBackgroundJobs(2).setMaxTotalWalSize(256L << 20).setKeepLogFileNum(3)
                // Chunk writes skip the WAL: a flush must take a chunk and its index entry together.
                .setAtomicFlush(true);
        List<ColumnFamilyDescriptor> descriptors = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, small),
                new ColumnFamilyDescriptor(bytes(CHUNKS), chunks),
                new ColumnFamilyDescriptor(bytes(CHUNK_INDEX), small),
                new ColumnFamilyDescriptor(bytes(MANIFESTS), small),
                new ColumnFamilyDescriptor(bytes(DOWNLOADS), small),
                new ColumnFamilyDescriptor(bytes(PINS), small),
                new ColumnFamilyDescriptor(bytes(SHARES), small),
                new ColumnFamilyDescriptor(bytes(ANNOUNCEMENTS), small),
                new ColumnFamilyDescriptor(bytes(BLOCKLISTS), small),
                new ColumnFamilyDescriptor(bytes(MARKET), small),
                new ColumnFamilyDescriptor(bytes(CHUNK_FILES), small));
        try {
            db = RocksDB.open(options, dir.toString(), descriptors, handles);
        } catch (RocksDBException e) {
            closeResources();
            throw e;
        }
        syncWrites = keep(new WriteOptions().setSync(true));
        bulkWrites = keep(new WriteOptions());
        unloggedWrites = keep(new WriteOptions().setDisableWAL(true));
    }

    /** Opens (creating if needed) {@code <home>/db}. */
    public static ContentDatabase open(Path home) {
        Path dir = home.resolve("db");
        try {
            Files.createDirectories(dir);
            return new ContentDatabase(dir);
        } catch (IOException | RocksDBException e) {
            throw new StorageException("cannot open the content database in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(String name) {
        return name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    RocksDB db() {
        ensureOpen();
        return db;
    }

    ColumnFamilyHandle family(String name) {
        ensureOpen();
        for (ColumnFamilyHandle h : handles) {
            try {
                if (new String(h.getName(), java.nio.charset.StandardCharsets.US_ASCII).equals(name)) {
                    return h;
                }
            } catch (RocksDBException e) {
                throw new StorageException("column family name", e);
            }
        }
        throw new IllegalArgumentException("no column family " + name);
    }

    /** For state that must survive power loss (download state, pins, manifests); also makes earlier writes durable. */
    WriteOptions syncWrites() {
        return syncWrites;
    }

    /** For chunk bytes: in the WAL, fsynced by the next synced write (the WAL is one ordered log). */
    WriteOptions bulkWrites() {
        return bulkWrites;
    }

    /**
     * For chunk bytes: memtable only, no WAL (a chunk would otherwise be written to disk twice, WAL then blob file).
     * Durable only after a flush of its column families; until then a crash loses it and it is fetched again.
     */
    WriteOptions unloggedWrites() {
        return unloggedWrites;
    }

    /** Flushes these families' memtables together (atomic flush); {@code wait}: return once durable. */
    void flush(boolean wait, List<ColumnFamilyHandle> families) {
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(wait).setAllowWriteStall(true)) {
            db().flush(flush, families);
        } catch (RocksDBException e) {
            throw new StorageException("flushing " + families.size() + " column families: " + e.getMessage(), e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the content database is closed");
        }
    }

    /** Flushes memtables so the next open replays no WAL, then releases every native handle. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            db.flush(flush, handles);
            db.syncWal();
        } catch (RocksDBException e) {
            // Still close: the WAL holds everything written, so the next open recovers it.
            org.slf4j.LoggerFactory.getLogger(ContentDatabase.class).warn("flush before close failed: {}",
                    e.getMessage());
        }
        for (ColumnFamilyHandle h : handles) {
            h.close();
        }
        try {
            db.closeE();
        } catch (RocksDBException e) {
            throw new StorageException("closing the content database: " + e.getMessage(), e);
        } finally {
            closeResources();
        }
    }

    private void closeResources() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception ignored) {
                // native handles do not fail to close
            }
        }
    }
}

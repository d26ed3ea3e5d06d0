package io.grapevine.node.storage;

import io.grapevine.node.content.ContentIds;
import io.grapevine.node.content.InvalidContentException;
import io.grapevine.node.content.ManifestLimits;
import io.grapevine.node.multiformats.Cid;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chunks by CID, and where each one's bytes live: either in RocksDB (BlobDB, {@link #put}: paid/encrypted content and
 * anything without a user file) or in a user file ({@link #putInFile}: a share's own files, a download's output), in
 * which case RocksDB keeps only the index entry (size, {@link ChunkFiles} key, offset). Nothing enters unverified:
 * {@link #put} hashes the bytes; {@link #putInFile} is called only for bytes the caller hashed (a download verifies
 * each received chunk, a share derives the id from the bytes). A file-backed chunk whose file changed (size or
 * modification time), vanished or is short is dropped, with every other chunk of that file set, the first time
 * {@link #has} or {@link #get} notices, so a seeder never serves bytes that no longer match.
 *
 * <p>Blob chunks are written without the WAL and flushed every few chunks (see {@link #sync}): after a crash the store
 * holds exactly the chunks that were flushed, each with its index entry. File-backed index entries go through the WAL
 * (small) after their bytes were written to the file, so after kill -9 an entry always has its bytes; a download
 * re-hashes its chunks on resume, which also covers a power loss.
 */
public final class ChunkStore {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkStore.class);
    /** Unflushed chunk writes are flushed after this many bytes or chunks: what a crash can lose, re-fetched later. */
    private static final long FLUSH_BYTES = 8L << 20;
    private static final int FLUSH_CHUNKS = 8;

    private final ContentDatabase database;
    private final ColumnFamilyHandle chunks;
    private final ColumnFamilyHandle index;
    private final ColumnFamilyHandle fileSets;
    private final Map<Long, ChunkFiles> fileSetCache = new ConcurrentHashMap<>();
    private long totalBytes;
    private long count;
    private long unflushedBytes;
    private int unflushedChunks;

    public ChunkStore(ContentDatabase database) {
        this.database = database;
        this.chunks = database.family(ContentDatabase.CHUNKS);
        this.index = database.family(ContentDatabase.CHUNK_INDEX);
        this.fileSets = database.family(ContentDatabase.CHUNK_FILES);
        try (RocksIterator it = database.db().newIterator(index)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                ChunkLocation at = ChunkLocation.decode(it.value());
                if (!at.inFile()) {
                    totalBytes += at.size();
                }
                count++;
            }
        }
    }

    /** The key of the file set a content's chunks live in when placed under {@code base} (stable across runs). */
    public static long fileSetKey(Cid contentId, Path base) {
        var sha = ContentIds.sha256();
        sha.update(contentId.toBytes());
        sha.update(base.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(sha.digest()).getLong();
    }

    /** Records (replacing) the files chunks stored under {@code key} are read from; durable before it returns. */
    public void putFiles(long key, ChunkFiles files) {
        try {
            database.db().put(fileSets, database.syncWrites(), keyBytes(key), files.encode());
            fileSetCache.put(key, files);
        } catch (RocksDBException e) {
            throw new StorageException("recording chunk files in " + files.base() + ": " + e.getMessage(), e);
        }
    }

    private ChunkFiles files(long key) {
        ChunkFiles cached = fileSetCache.get(key);
        if (cached != null) {
            return cached;
        }
        try {
            byte[] v = database.db().get(fileSets, keyBytes(key));
            if (v == null) {
                return null;
            }
            ChunkFiles files = ChunkFiles.decode(v);
            fileSetCache.put(key, files);
            return files;
        } catch (RocksDBException e) {
            throw new StorageException("reading chunk files: " + e.getMessage(), e);
        }
    }

    private static byte[] keyBytes(long key) {
        return ByteBuffer.allocate(8).putLong(key).array();
    }

    private ChunkLocation location(Cid id) {
        try {
            byte[] v = database.db().get(index, id.toBytes());
            return v == null ? null : ChunkLocation.decode(v);
        } catch (RocksDBException e) {
            throw new StorageException("reading chunk index for " + id + ": " + e.getMessage(), e);
        }
    }

    /** Whether the chunk is held; a file-backed one only while the files holding it are unchanged. */
    public boolean has(Cid id) {
        ChunkLocation at = location(id);
        if (at == null || !at.inFile()) {
            return at != null;
        }
        ChunkFiles files = files(at.fileSet());
        if (files != null && files.intact(at.offset(), at.size())) {
            return true;
        }
        dropFiles(at.fileSet(), files);
        return false;
    }

    /** The chunk's bytes, or null when it is not stored (or its file changed: then it is dropped). */
    public byte[] get(Cid id) {
        ChunkLocation at = location(id);
        if (at == null) {
            return null;
        }
        if (!at.inFile()) {
            try {
                return database.db().get(chunks, id.toBytes());
            } catch (RocksDBException e) {
                throw new StorageException("reading chunk " + id + ": " + e.getMessage(), e);
            }
        }
        ChunkFiles files = files(at.fileSet());
        byte[] data = null;
        if (files != null) {
            try {
                data = files.read(at.offset(), at.size());
            } catch (java.io.IOException e) {
                LOG.warn("cannot read chunk {} from {}: {}", id, files.base(), e.toString());
            }
        }
        if (data == null) {
            dropFiles(at.fileSet(), files);
        }
        return data;
    }

    /**
     * Fills {@code dst} (exactly the chunk's size remaining) with the chunk's bytes: a file-backed chunk is read
     * straight into it, so a caller with pooled buffers allocates nothing per chunk. False when the chunk is not held, has
     * another size, or its file changed (then it is dropped, as in {@link #get}).
     */
    public boolean readInto(Cid id, ByteBuffer dst) {
        ChunkLocation at = location(id);
        if (at == null || at.size() != dst.remaining()) {
            return false;
        }
        if (!at.inFile()) {
            byte[] data = get(id);
            if (data == null || data.length != dst.remaining()) {
                return false;
            }
            dst.put(data);
            return true;
        }
        ChunkFiles files = files(at.fileSet());
        boolean read = false;
        if (files != null) {
            try {
                read = files.readInto(at.offset(), dst);
            } catch (java.io.IOException e) {
                LOG.warn("cannot read chunk {} from {}: {}", id, files.base(), e.toString());
            }
        }
        if (!read) {
            dropFiles(at.fileSet(), files);
        }
        return read;
    }

    /** The chunk's size when held (without checking its file), or -1. */
    public int size(Cid id) {
        ChunkLocation at = location(id);
        return at == null ? -1 : at.size();
    }

    /**
     * Records that chunk {@code id} ({@code length} bytes, already verified by the caller) is at {@code offset} of the
     * file set {@code key}, whose bytes there were written before this call. Returns false when the chunk was
     * already held (its old location stays).
     */
    public boolean putInFile(Cid id, long key, long offset, int length) {
        if (!ContentIds.isChunkId(id)) {
            throw new InvalidContentException("not a chunk id (CIDv1 raw sha2-256): " + id);
        }
        byte[] k = id.toBytes();
        synchronized (this) {
            if (location(id) != null) {
                return false;
            }
            try {
                database.db().put(index, database.bulkWrites(), k, new ChunkLocation(length, key, offset).encode());
            } catch (RocksDBException e) {
                throw new StorageException("indexing chunk " + id + ": " + e.getMessage(), e);
            }
            count++;
            return true;
        }
    }

    /**
     * Forgets every chunk of a file set (its files changed, vanished, or the download that wrote them was
     * cancelled): the user's files are left alone, the chunks are simply no longer held.
     */
    public void dropFiles(long key) {
        dropFiles(key, files(key));
    }

    private synchronized void dropFiles(long key, ChunkFiles files) {
        int dropped = 0;
        try (RocksIterator it = database.db().newIterator(index); WriteBatch batch = new WriteBatch()) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                ChunkLocation at = ChunkLocation.decode(it.value());
                if (at.inFile() && at.fileSet() == key) {
                    batch.delete(index, it.key());
                    dropped++;
                }
            }
            batch.delete(fileSets, keyBytes(key));
            database.db().write(database.syncWrites(), batch);
        } catch (RocksDBException e) {
            throw new StorageException("dropping changed chunk files: " + e.getMessage(), e);
        }
        fileSetCache.remove(key);
        count -= dropped;
        if (dropped > 0) {
            LOG.warn("{} chunks no longer held: their files in {} changed, moved or were removed", dropped,
                    files == null ? "(unknown)" : files.base());
        }
    }

    /**
     * Stores a chunk after checking that its SHA-256 is the one {@code id} names. Returns false when it was already
     * stored. Throws {@link InvalidContentException} for a mismatch, an id that is not a chunk id, or oversized data.
     */
    public boolean put(Cid id, byte[] data) {
        if (!ContentIds.isChunkId(id)) {
            throw new InvalidContentException("not a chunk id (CIDv1 raw sha2-256): " + id);
        }
        if (data.length > ManifestLimits.MAX_CHUNK_SIZE) {
            throw new InvalidContentException("chunk of " + data.length + " bytes exceeds " + ManifestLimits.MAX_CHUNK_SIZE);
        }
        if (!ContentIds.matches(id, data)) {
            throw new InvalidContentException("chunk bytes do not hash to " + id);
        }
        byte[] key = id.toBytes();
        synchronized (this) {
            if (has(id)) {
                return false;
            }
            try (WriteBatch batch = new WriteBatch()) {
                batch.put(chunks, key, data);
                batch.put(index, key, ChunkLocation.inStore(data.length).encode());
                database.db().write(database.unloggedWrites(), batch);
            } catch (RocksDBException e) {
                throw new StorageException("storing chunk " + id + ": " + e.getMessage(), e);
            }
            totalBytes += data.length;
            count++;
            unflushedBytes += data.length;
            if (++unflushedChunks >= FLUSH_CHUNKS || unflushedBytes >= FLUSH_BYTES) {
                // Asynchronous: the write path does not wait for the disk; a crash before it completes loses at
                // most these chunks, and has() after a restart says so (chunk and index entry flush together).
                unflushedBytes = 0;
                unflushedChunks = 0;
                database.flush(false, List.of(chunks, index));
            }
            return true;
        }
    }

    /**
     * Makes every chunk stored so far durable (waits for the flush). Call before recording anything that relies on
     * them, such as a share or a completed download.
     */
    public void sync() {
        synchronized (this) {
            unflushedBytes = 0;
            unflushedChunks = 0;
        }
        database.flush(true, List.of(chunks, index));
    }

    /**
     * Removes a chunk; returns the store bytes freed (0 when it was not stored, or lived in a user file, which is
     * left alone).
     */
    public synchronized long delete(Cid id) {
        byte[] key = id.toBytes();
        try {
            byte[] v = database.db().get(index, key);
            if (v == null) {
                return 0;
            }
            ChunkLocation at = ChunkLocation.decode(v);
            try (WriteBatch batch = new WriteBatch()) {
                if (!at.inFile()) {
                    batch.delete(chunks, key);
                }
                batch.delete(index, key);
                database.db().write(database.bulkWrites(), batch);
            }
            int freed = at.inFile() ? 0 : at.size();
            totalBytes -= freed;
            count--;
            return freed;
        } catch (RocksDBException e) {
            throw new StorageException("deleting chunk " + id + ": " + e.getMessage(), e);
        }
    }

    /** Every stored chunk id with its size, in key order, from a consistent snapshot of the index. */
    public void forEach(BiConsumer<Cid, Integer> action) {
        try (RocksIterator it = database.db().newIterator(index)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                action.accept(Cid.fromBytes(it.key()), ChunkLocation.decode(it.value()).size());
            }
            it.status();
        } catch (RocksDBException e) {
            throw new StorageException("iterating chunks: " + e.getMessage(), e);
        }
    }

    /** Bytes of the chunks held in the store itself (file-backed chunks take no store space). */
    public synchronized long totalBytes() {
        return totalBytes;
    }

    public synchronized long count() {
        return count;
    }
}

package io.grapevine.node.storage;

import io.grapevine.node.content.ContentIds;
import io.grapevine.node.content.InvalidContentException;
import io.grapevine.node.content.ManifestLimits;
import io.grapevine.node.multiformats.Cid;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.BiConsumer;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * Chunks by CID. Nothing enters unverified: {@link #put} hashes the bytes and refuses a mismatch, so whatever a peer
 * sent, a stored chunk is always the chunk its id names. Each chunk has an entry in {@code chunk-index} (its size),
 * written in the same batch, so presence checks, iteration and the byte total never touch blob files. Chunks are
 * written without the WAL and flushed every few chunks (see {@link #sync}): after a crash the store holds exactly the
 * chunks that were flushed, each with its index entry, so {@link #has} never claims a chunk that was lost.
 */
public final class ChunkStore {
    /** Unflushed chunk writes are flushed after this many bytes or chunks: what a crash can lose, re-fetched later. */
    private static final long FLUSH_BYTES = 8L << 20;
    private static final int FLUSH_CHUNKS = 8;

    private final ContentDatabase database;
    private final ColumnFamilyHandle chunks;
    private final ColumnFamilyHandle index;
    private long totalBytes;
    private long count;
    private long unflushedBytes;
    private int unflushedChunks;

    public ChunkStore(ContentDatabase database) {
        this.database = database;
        this.chunks = database.family(ContentDatabase.CHUNKS);
        this.index = database.family(ContentDatabase.CHUNK_INDEX);
        forEach((id, size) -> {
            totalBytes += size;
            count++;
        });
    }

    public boolean has(Cid id) {
        try {
            return database.db().get(index, id.toBytes()) != null;
        } catch (RocksDBException e) {
            throw new StorageException("reading chunk index for " + id + ": " + e.getMessage(), e);
        }
    }

    /** The chunk's bytes, or null when it is not stored. */
    public byte[] get(Cid id) {
        try {
            return database.db().get(chunks, id.toBytes());
        } catch (RocksDBException e) {
            throw new StorageException("reading chunk " + id + ": " + e.getMessage(), e);
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
                batch.put(index, key, ByteBuffer.allocate(4).putInt(data.length).array());
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

    /** Removes a chunk; returns the bytes freed (0 when it was not stored). */
    public synchronized long delete(Cid id) {
        byte[] key = id.toBytes();
        try {
            byte[] size = database.db().get(index, key);
            if (size == null) {
                return 0;
            }
            try (WriteBatch batch = new WriteBatch()) {
                batch.delete(chunks, key);
                batch.delete(index, key);
                database.db().write(database.bulkWrites(), batch);
            }
            int freed = ByteBuffer.wrap(size).getInt();
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
                action.accept(Cid.fromBytes(it.key()), ByteBuffer.wrap(it.value()).getInt());
            }
            it.status();
        } catch (RocksDBException e) {
            throw new StorageException("iterating chunks: " + e.getMessage(), e);
        }
    }

    public synchronized long totalBytes() {
        return totalBytes;
    }

    public synchronized long count() {
        return count;
    }
}

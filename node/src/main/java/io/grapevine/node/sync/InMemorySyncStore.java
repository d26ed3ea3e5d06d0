package io.grapevine.node.sync;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A {@link SyncStore} in memory: records by id plus a {@link SortedSyncIndex}. {@code keyOf} is the validator: it
 * returns the record's key, or null when the record is invalid. For tests and for small sets.
 */
public final class InMemorySyncStore extends IndexedSyncStore {
    private final Function<byte[], SyncKey> keyOf;
    private final ConcurrentHashMap<ByteBuffer, byte[]> records = new ConcurrentHashMap<>();

    public InMemorySyncStore(Function<byte[], SyncKey> keyOf) {
        this.keyOf = keyOf;
    }

    /** Adds a local record (as if created here); false when invalid or already held. */
    public boolean add(byte[] record) {
        return accept(record) == AcceptResult.STORED;
    }

    /** Drops the record with this id (a retraction, say); false when not held. */
    public boolean remove(byte[] record) {
        SyncKey key = keyOf.apply(record);
        if (key == null || records.remove(ByteBuffer.wrap(key.id())) == null) {
            return false;
        }
        return index.remove(key);
    }

    public boolean contains(byte[] id) {
        return records.containsKey(ByteBuffer.wrap(id));
    }

    @Override
    public byte[] get(byte[] id) {
        return records.get(ByteBuffer.wrap(id));
    }

    @Override
    public AcceptResult accept(byte[] record) {
        SyncKey key;
        try {
            key = keyOf.apply(record);
        } catch (RuntimeException e) {
            key = null;
        }
        if (key == null) {
            return AcceptResult.INVALID;
        }
        if (records.putIfAbsent(ByteBuffer.wrap(key.id()), record) != null) {
            return AcceptResult.KNOWN;
        }
        index.add(key);
        return AcceptResult.STORED;
    }
}

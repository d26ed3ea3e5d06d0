package io.grapevine.node.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * Signed announcement records in the {@code announcements} column family, as opaque bytes with the few facts the
 * node needs to find them: content id, time (unix ms), record id (SHA-256 of the bytes). One live announcement per
 * content id; a retraction replaces it with a tombstone that stays, so a replayed old announcement is not resurrected.
 *
 * <p>Keys: {@code A|cid} announcement, {@code T|cid} tombstone (both {@code time|id|bytes}), {@code O|time|id} order
 * index over both kinds (so catch-up iterates by (time, id) without a sort), {@code I|id} by record id, {@code M|changes}
 * a counter bumped by every write (the search index stores it as its checkpoint). Each change is one atomic batch.
 */
public final class AnnouncementStore {
    public static final int ID_LENGTH = 32;
    private static final byte ANNOUNCEMENT = 'A';
    private static final byte TOMBSTONE = 'T';
    private static final byte ORDER = 'O';
    private static final byte BY_ID = 'I';
    private static final byte[] CHANGES = {'M', 'c', 'h', 'a', 'n', 'g', 'e', 's'};

    /** One stored record. {@code tombstone} marks a retraction. */
    public record Entry(byte[] contentId, long time, byte[] id, byte[] data, boolean tombstone) {}

    /** Told after each committed change: the record written and those it replaced (e.g. the catch-up index). */
    public interface ChangeListener {
        void changed(Entry added, List<Entry> removed);
    }

    private final List<ChangeListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public void addChangeListener(ChangeListener listener) {
        listeners.add(listener);
    }

    private final ContentDatabase database;
    private final ColumnFamilyHandle family;

    public AnnouncementStore(ContentDatabase database) {
        this.database = database;
        this.family = database.family(ContentDatabase.ANNOUNCEMENTS);
    }

    /** Stores {@code data} as the live announcement of {@code contentId}, replacing an earlier one and any tombstone. */
    public synchronized void put(byte[] contentId, long time, byte[] id, byte[] data) {
        write(contentId, time, id, data, ANNOUNCEMENT);
    }

    /** Deletes the live announcement of {@code contentId}, if any, and keeps the retraction as its tombstone. */
    public synchronized void retract(byte[] contentId, long time, byte[] id, byte[] data) {
        write(contentId, time, id, data, TOMBSTONE);
    }

    private void write(byte[] contentId, long time, byte[] id, byte[] data, byte kind) {
        checkId(id);
        if (time < 0) throw new IllegalArgumentException("negative time");
        List<Entry> removed = new ArrayList<>(2);
        try (WriteBatch batch = new WriteBatch()) {
            for (byte old : new byte[] {ANNOUNCEMENT, TOMBSTONE}) {
                Entry existing = read(key(old, contentId), contentId, old == TOMBSTONE);
                if (existing != null) {
                    removed.add(existing);
                    batch.delete(family, key(old, contentId));
                    batch.delete(family, orderKey(existing.time(), existing.id()));
                    batch.delete(family, key(BY_ID, existing.id()));
                }
            }
            byte[] pointer = key(kind, contentId);
            batch.put(family, pointer, ByteBuffer.allocate(8 + ID_LENGTH + data.length).putLong(time).put(id).put(data).array());
            batch.put(family, orderKey(time, id), pointer);
            batch.put(family, key(BY_ID, id), pointer);
            batch.put(family, CHANGES, ByteBuffer.allocate(8).putLong(changes() + 1).array());
            database.db().write(database.bulkWrites(), batch);
        } catch (RocksDBException e) {
            throw new StorageException("writing announcement: " + e.getMessage(), e);
        }
        Entry added = new Entry(contentId, time, id, data, kind == TOMBSTONE);
        for (ChangeListener listener : listeners) listener.changed(added, removed);
    }

    public Optional<Entry> announcement(byte[] contentId) {
        return Optional.ofNullable(read(key(ANNOUNCEMENT, contentId), contentId, false));
    }

    public Optional<Entry> tombstone(byte[] contentId) {
        return Optional.ofNullable(read(key(TOMBSTONE, contentId), contentId, true));
    }

    /** The announcement or tombstone whose record id is {@code id}. */
    public Optional<Entry> byId(byte[] id) {
        checkId(id);
        byte[] pointer = get(key(BY_ID, id));
        return pointer == null ? Optional.empty() : Optional.ofNullable(fromPointer(pointer));
    }

    /**
     * Up to {@code limit} records (announcements and tombstones) ordered by (time, id), starting after
     * ({@code afterTime}, {@code afterId}); pass a null id to start at {@code afterTime} inclusive.
     */
    public List<Entry> range(long afterTime, byte[] afterId, int limit) {
        List<Entry> out = new ArrayList<>();
        byte[] start = afterId == null ? orderKey(afterTime, new byte[ID_LENGTH]) : orderKey(afterTime, afterId);
        try (RocksIterator it = database.db().newIterator(family)) {
            for (it.seek(start); it.isValid() && out.size() < limit; it.next()) {
                byte[] key = it.key();
                if (key[0] != ORDER) break;
                if (afterId != null && Arrays.equals(key, start)) continue;
                Entry e = fromPointer(it.value());
                if (e != null) out.add(e);
            }
            it.status();
        } catch (RocksDBException e) {
            throw new StorageException("reading announcements: " + e.getMessage(), e);
        }
        return out;
    }

    /** Every live announcement, read in pages of 1,000 (no iterator is held between pages). */
    public Iterator<Entry> announcements() {
        return new Iterator<>() {
            private List<Entry> page = List.of();
            private int next;
            private byte[] lastKey = {ANNOUNCEMENT};
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next < page.size()) return true;
                if (done) return false;
                page = scanAnnouncements(lastKey, 1000);
                next = 0;
                if (page.size() < 1000) done = true;
                if (!page.isEmpty()) lastKey = key(ANNOUNCEMENT, page.get(page.size() - 1).contentId());
                return !page.isEmpty();
            }

            @Override
            public Entry next() {
                if (!hasNext()) throw new NoSuchElementException();
                return page.get(next++);
            }
        };
    }

    private List<Entry> scanAnnouncements(byte[] after, int limit) {
        List<Entry> out = new ArrayList<>();
        try (RocksIterator it = database.db().newIterator(family)) {
            for (it.seek(after); it.isValid() && out.size() < limit; it.next()) {
                byte[] key = it.key();
                if (key[0] != ANNOUNCEMENT) break;
                if (Arrays.equals(key, after)) continue;
                out.add(decode(Arrays.copyOfRange(key, 1, key.length), it.value(), false));
            }
            it.status();
        } catch (RocksDBException e) {
            throw new StorageException("reading announcements: " + e.getMessage(), e);
        }
        return out;
    }

    /** Writes so far (a counter kept in the same batches): the search index's checkpoint. */
    public long changes() {
        byte[] value = get(CHANGES);
        return value == null ? 0 : ByteBuffer.wrap(value).getLong();
    }

    private Entry fromPointer(byte[] pointer) {
        byte[] contentId = Arrays.copyOfRange(pointer, 1, pointer.length);
        return read(pointer, contentId, pointer[0] == TOMBSTONE);
    }

    private Entry read(byte[] key, byte[] contentId, boolean tombstone) {
        byte[] value = get(key);
        return value == null ? null : decode(contentId, value, tombstone);
    }

    private static Entry decode(byte[] contentId, byte[] value, boolean tombstone) {
        if (value.length < 8 + ID_LENGTH) throw new StorageException("corrupt announcement record", null);
        ByteBuffer buf = ByteBuffer.wrap(value);
        long time = buf.getLong();
        byte[] id = new byte[ID_LENGTH];
        buf.get(id);
        byte[] data = new byte[buf.remaining()];
        buf.get(data);
        return new Entry(contentId, time, id, data, tombstone);
    }

    private byte[] get(byte[] key) {
        try {
            return database.db().get(family, key);
        } catch (RocksDBException e) {
            throw new StorageException("reading announcement: " + e.getMessage(), e);
        }
    }

    private static byte[] key(byte kind, byte[] suffix) {
        byte[] key = new byte[1 + suffix.length];
        key[0] = kind;
        System.arraycopy(suffix, 0, key, 1, suffix.length);
        return key;
    }

    private static byte[] orderKey(long time, byte[] id) {
        return ByteBuffer.allocate(1 + 8 + ID_LENGTH).put(ORDER).putLong(time).put(id).array();
    }

    private static void checkId(byte[] id) {
        if (id.length != ID_LENGTH) throw new IllegalArgumentException("record id of " + id.length + " bytes");
    }
}

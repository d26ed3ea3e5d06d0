package io.grapevine.node.sync;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Random;

/** Test records: 8-byte big-endian time, then filler; the id is the SHA-256 of the whole record. */
final class TestRecords {
    private TestRecords() {
    }

    static byte[] record(long time, long seed, int size) {
        byte[] r = new byte[Math.max(16, size)];
        new Random(seed).nextBytes(r);
        ByteBuffer.wrap(r).putLong(0, time);
        return r;
    }

    /** The validator: null (invalid) for records shorter than 16 bytes or whose first filler byte is 0x7f. */
    static SyncKey keyOf(byte[] record) {
        if (record.length < 16 || record[8] == 0x7f) {
            return null;
        }
        long time = ByteBuffer.wrap(record).getLong(0);
        if (time < 0 || time == Long.MAX_VALUE) {
            return null;
        }
        try {
            return SyncKey.of(time, MessageDigest.getInstance("SHA-256").digest(record));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static InMemorySyncStore store() {
        return new InMemorySyncStore(TestRecords::keyOf);
    }

    /** Records 0..n-1 of a population: times spread over a day, 500 bytes each unless said otherwise. */
    static byte[] item(int i) {
        return item(i, 500);
    }

    static byte[] item(int i, int size) {
        byte[] r = record(1_700_000_000_000L + i * 863L, i, size);
        if (r[8] == 0x7f) {
            r[8] = 0;
        }
        return r;
    }
}

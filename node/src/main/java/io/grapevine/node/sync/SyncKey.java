package io.grapevine.node.sync;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A record's place in a synced set: its created-at time (milliseconds, 0 to {@code Long.MAX_VALUE - 1}) and its
 * 32-byte id. Keys order by time, then by id as an unsigned big-endian number; the same type serves as a range
 * bound (a bound from the wire is a time and an id prefix padded with zeros). The id is held as four longs so
 * comparing and summing need no byte shuffling.
 */
public final class SyncKey implements Comparable<SyncKey> {
    public static final int ID_BYTES = 32;
    /** The smallest key: every range list starts here. */
    public static final SyncKey MIN = new SyncKey(0, 0, 0, 0, 0);
    /** Past every record's key: the open end of the last range. */
    public static final SyncKey MAX = new SyncKey(Long.MAX_VALUE, -1, -1, -1, -1);

    private final long time;
    final long w0;
    final long w1;
    final long w2;
    final long w3;

    SyncKey(long time, long w0, long w1, long w2, long w3) {
        this.time = time;
        this.w0 = w0;
        this.w1 = w1;
        this.w2 = w2;
        this.w3 = w3;
    }

    /** A record key; {@code id} must be 32 bytes. */
    public static SyncKey of(long time, byte[] id) {
        if (id.length != ID_BYTES) {
            throw new IllegalArgumentException("id must be 32 bytes, not " + id.length);
        }
        if (time < 0 || time == Long.MAX_VALUE) {
            throw new IllegalArgumentException("time out of range: " + time);
        }
        return fromPrefix(time, id, 0, ID_BYTES);
    }

    /** A bound: {@code length} bytes of {@code id} from {@code offset}, then zeros. */
    static SyncKey fromPrefix(long time, byte[] id, int offset, int length) {
        long[] w = new long[4];
        for (int i = 0; i < length; i++) {
            w[i >>> 3] |= (id[offset + i] & 0xffL) << (56 - 8 * (i & 7));
        }
        return new SyncKey(time, w[0], w[1], w[2], w[3]);
    }

    public long time() {
        return time;
    }

    public byte[] id() {
        byte[] out = new byte[ID_BYTES];
        writeId(out, 0);
        return out;
    }

    void writeId(byte[] out, int offset) {
        long[] w = {w0, w1, w2, w3};
        for (int i = 0; i < ID_BYTES; i++) {
            out[offset + i] = (byte) (w[i >>> 3] >>> (56 - 8 * (i & 7)));
        }
    }

    /**
     * The bound b with {@code previous < b <= next} (previous < next) that is shortest on the wire: next's time with
     * a zero id when the times differ, else next's id cut one byte past the first byte where the two ids differ.
     */
    static SyncKey separator(SyncKey previous, SyncKey next) {
        if (previous.time != next.time) {
            return new SyncKey(next.time, 0, 0, 0, 0);
        }
        byte[] b = next.id();
        int common = Arrays.mismatch(previous.id(), b);
        return fromPrefix(next.time, b, 0, common + 1);
    }

    @Override
    public int compareTo(SyncKey o) {
        int c = Long.compare(time, o.time);
        if (c != 0) {
            return c;
        }
        c = Long.compareUnsigned(w0, o.w0);
        if (c != 0) {
            return c;
        }
        c = Long.compareUnsigned(w1, o.w1);
        if (c != 0) {
            return c;
        }
        c = Long.compareUnsigned(w2, o.w2);
        return c != 0 ? c : Long.compareUnsigned(w3, o.w3);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SyncKey k && k.time == time && k.w0 == w0 && k.w1 == w1 && k.w2 == w2 && k.w3 == w3;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(time) * 31 + Long.hashCode(w0 ^ w3);
    }

    @Override
    public String toString() {
        return time + ":" + HexFormat.of().formatHex(id(), 0, 8);
    }
}

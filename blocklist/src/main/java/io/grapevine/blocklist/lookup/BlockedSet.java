package io.grapevine.blocklist.lookup;

import io.grapevine.blocklist.vote.Target;

import java.util.Collection;

/**
 * Immutable set of blocked target fingerprints for the gossip validation path: one long[] with linear probing at
 * load factor &lt;= 1/2, no object per entry (1,000,000 entries take 16 MiB). Safe to share between threads;
 * rebuild and swap the reference when the policy changes.
 */
public final class BlockedSet {
    private final long[] slots;
    private final int mask;
    private final int size;

    private BlockedSet(long[] slots, int size) {
        this.slots = slots;
        this.mask = slots.length - 1;
        this.size = size;
    }

    public static BlockedSet of(Collection<Target> targets) {
        long[] fps = new long[targets.size()];
        int i = 0;
        for (Target t : targets) {
            fps[i++] = TargetFingerprint.of(t);
        }
        return ofFingerprints(fps);
    }

    /** From precomputed fingerprints (see {@link TargetFingerprint}); 0 is not a valid fingerprint. */
    public static BlockedSet ofFingerprints(long[] fingerprints) {
        int capacity = Integer.highestOneBit(Math.max(2, fingerprints.length) * 2 - 1) << 1;
        if (capacity <= 0 || capacity < fingerprints.length * 2L) {
            throw new IllegalArgumentException("too many entries: " + fingerprints.length);
        }
        long[] slots = new long[capacity];
        int mask = capacity - 1;
        int size = 0;
        for (long fp : fingerprints) {
            if (fp == 0) {
                throw new IllegalArgumentException("0 is not a fingerprint");
            }
            int idx = (int) fp & mask;
            while (slots[idx] != 0 && slots[idx] != fp) {
                idx = (idx + 1) & mask;
            }
            if (slots[idx] == 0) {
                slots[idx] = fp;
                size++;
            }
        }
        return new BlockedSet(slots, size);
    }

    public boolean contains(Target target) {
        return containsFingerprint(TargetFingerprint.of(target));
    }

    public boolean containsFingerprint(long fp) {
        int idx = (int) fp & mask;
        while (true) {
            long s = slots[idx];
            if (s == fp) {
                return true;
            }
            if (s == 0) {
                return false;
            }
            idx = (idx + 1) & mask;
        }
    }

    public int size() {
        return size;
    }

    /** Bytes held by the slot array (the set's only sizeable allocation). */
    public long memoryBytes() {
        return 8L * slots.length + 16;
    }
}

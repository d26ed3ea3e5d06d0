package io.grapevine.node.sync;

import java.util.ArrayList;
import java.util.List;

/**
 * The keys of one synced set, sorted, with per-block fingerprint sums, so a store adapter can answer the protocol's
 * range questions in memory: a range's count and fingerprint cost O(blocks + block size), not O(range), and an insert
 * shifts at most one block. Keys live in blocks of at most {@value #MAX_BLOCK} (split in half when full); each block
 * keeps its count and id sum. Thread-safe (one lock: the operations are short).
 */
public final class SortedSyncIndex {
    static final int MAX_BLOCK = 1024;

    private final List<Block> blocks = new ArrayList<>();
    private int size;

    public synchronized int size() {
        return size;
    }

    /** Adds {@code key}; false when it was already there. */
    public synchronized boolean add(SyncKey key) {
        if (blocks.isEmpty()) {
            blocks.add(new Block());
        }
        int b = blockFor(key);
        Block block = blocks.get(b);
        int at = block.search(key);
        if (at >= 0) {
            return false;
        }
        block.insert(-at - 1, key);
        size++;
        if (block.size == MAX_BLOCK) {
            blocks.add(b + 1, block.splitOffHalf());
        }
        return true;
    }

    /** Removes {@code key}; false when it was not there. */
    public synchronized boolean remove(SyncKey key) {
        if (blocks.isEmpty()) {
            return false;
        }
        int b = blockFor(key);
        Block block = blocks.get(b);
        int at = block.search(key);
        if (at < 0) {
            return false;
        }
        block.delete(at);
        size--;
        if (block.size == 0 && blocks.size() > 1) {
            blocks.remove(b);
        }
        return true;
    }

    /** How many keys are in [lower, upper). */
    public synchronized int count(SyncKey lower, SyncKey upper) {
        return Math.max(0, rank(upper) - rank(lower));
    }

    /** The fingerprint of the keys in [lower, upper) (see {@link Fingerprint}). */
    public synchronized byte[] fingerprint(SyncKey lower, SyncKey upper) {
        return sum(rank(lower), rank(upper)).fingerprint();
    }

    /** Up to {@code limit} keys of [lower, upper), skipping the first {@code offset}, in order. */
    public synchronized List<SyncKey> keys(SyncKey lower, SyncKey upper, int offset, int limit) {
        int from = rank(lower) + Math.max(0, offset);
        int to = (int) Math.min(rank(upper), (long) from + Math.max(0, limit));
        List<SyncKey> out = new ArrayList<>(Math.max(0, to - from));
        int start = 0;
        for (Block block : blocks) {
            int end = start + block.size;
            for (int i = Math.max(from, start); i < Math.min(to, end); i++) {
                out.add(block.key(i - start));
            }
            if (end >= to) {
                break;
            }
            start = end;
        }
        return out;
    }

    /** The number of keys below {@code bound}. */
    private int rank(SyncKey bound) {
        int before = 0;
        for (Block block : blocks) {
            if (block.size > 0 && block.key(block.size - 1).compareTo(bound) >= 0) {
                int at = block.search(bound);
                return before + (at >= 0 ? at : -at - 1);
            }
            before += block.size;
        }
        return before;
    }

    private Fingerprint.Accumulator sum(int from, int to) {
        Fingerprint.Accumulator acc = new Fingerprint.Accumulator();
        int start = 0;
        for (Block block : blocks) {
            int end = start + block.size;
            if (end > from && start < to) {
                if (from <= start && end <= to) {
                    acc.add(block.sum);
                } else {
                    for (int i = Math.max(from, start); i < Math.min(to, end); i++) {
                        block.addTo(acc, i - start);
                    }
                }
            }
            if (end >= to) {
                break;
            }
            start = end;
        }
        return acc;
    }

    /** The block that holds or would hold {@code key}: the last whose first key is not above it. */
    private int blockFor(SyncKey key) {
        int lo = 0;
        int hi = blocks.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            Block block = blocks.get(mid);
            if (block.size > 0 && block.key(0).compareTo(key) <= 0) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Sorted keys as parallel arrays (time, then the id's four words) with their running sum. */
    private static final class Block {
        long[] times = new long[MAX_BLOCK];
        long[] words = new long[MAX_BLOCK * 4];
        int size;
        Fingerprint.Accumulator sum = new Fingerprint.Accumulator();

        SyncKey key(int i) {
            int w = i * 4;
            return new SyncKey(times[i], words[w], words[w + 1], words[w + 2], words[w + 3]);
        }

        void addTo(Fingerprint.Accumulator acc, int i) {
            int w = i * 4;
            acc.add(1, words[w], words[w + 1], words[w + 2], words[w + 3]);
        }

        int search(SyncKey key) {
            int lo = 0;
            int hi = size - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int c = key(mid).compareTo(key);
                if (c < 0) {
                    lo = mid + 1;
                } else if (c > 0) {
                    hi = mid - 1;
                } else {
                    return mid;
                }
            }
            return -(lo + 1);
        }

        void insert(int at, SyncKey key) {
            System.arraycopy(times, at, times, at + 1, size - at);
            System.arraycopy(words, at * 4, words, at * 4 + 4, (size - at) * 4);
            times[at] = key.time();
            words[at * 4] = key.w0;
            words[at * 4 + 1] = key.w1;
            words[at * 4 + 2] = key.w2;
            words[at * 4 + 3] = key.w3;
            size++;
            sum.add(key);
        }

        void delete(int at) {
            System.arraycopy(times, at + 1, times, at, size - at - 1);
            System.arraycopy(words, at * 4 + 4, words, at * 4, (size - at - 1) * 4);
            size--;
            resum();
        }

        Block splitOffHalf() {
            Block right = new Block();
            int keep = size / 2;
            right.size = size - keep;
            System.arraycopy(times, keep, right.times, 0, right.size);
            System.arraycopy(words, keep * 4, right.words, 0, right.size * 4);
            size = keep;
            resum();
            right.resum();
            return right;
        }

        private void resum() {
            sum = new Fingerprint.Accumulator();
            for (int i = 0; i < size; i++) {
                addTo(sum, i);
            }
        }
    }
}

package io.grapevine.node.download;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;

/**
 * The picker as it was before the availability buckets (sorts every candidate per pick), kept as the reference the
 * randomised test compares the real one with, and as the "before" of the picking benchmark.
 *
 * Chooses which chunks to ask a peer for: rarest first (fewest known holders), ties broken by a random order fixed
 * per download so peers do not all start at chunk 0. Once every missing chunk is in flight (endgame) a peer may be
 * handed chunks another peer is already fetching; whichever copy verifies first counts, the other is ignored.
 * Not thread-safe: the download's lock guards it.
 */
final class ReferenceChunkPicker {
    private final int count;
    private final BitSet verified;
    private final int[] availability;
    private final int[] inflight;
    private final int[] rank;
    private final int[] byRank;

    ReferenceChunkPicker(int count, BitSet verified, Random random) {
        this.count = count;
        this.verified = verified;
        this.availability = new int[count];
        this.inflight = new int[count];
        this.rank = new int[count];
        this.byRank = ChunkPicker.randomOrder(count, random); // the same ranks, so both pick the same chunks
        for (int r = 0; r < count; r++) {
            rank[byRank[r]] = r;
        }
    }

    void addPeer(BitSet have) {
        have.stream().forEach(i -> availability[i]++);
    }

    void removePeer(BitSet have) {
        have.stream().forEach(i -> availability[i]--);
    }

    void peerLacks(int index) {
        availability[index]--;
    }

    boolean isVerified(int index) {
        return verified.get(index);
    }

    /** Marks a chunk verified; false when it already was (a duplicate from the endgame). */
    boolean markVerified(int index) {
        if (verified.get(index)) {
            return false;
        }
        verified.set(index);
        return true;
    }

    int verifiedCount() {
        return verified.cardinality();
    }

    int remaining() {
        return count - verified.cardinality();
    }

    int availability(int index) {
        return availability[index];
    }

    /**
     * Up to {@code max} chunks {@code have} holds that are neither verified nor in flight, rarest first; in the
     * endgame (none such left anywhere) up to {@code endgameMax} chunks in flight elsewhere, except those in
     * {@code mine}. Marks the picked chunks in flight.
     */
    List<Integer> pick(BitSet have, int max, int endgameMax, BitSet mine) {
        List<Integer> picked = choose(have, max, endgameMax, mine);
        for (int i : picked) {
            inflight[i]++;
        }
        return picked;
    }

    /** Whether {@link #pick} would hand this peer anything now. */
    boolean hasWork(BitSet have, BitSet mine) {
        return !choose(have, 1, 1, mine).isEmpty();
    }

    private List<Integer> choose(BitSet have, int max, int endgameMax, BitSet mine) {
        List<Integer> picked = cheapest(have, max, false, mine);
        if (picked.isEmpty() && !anyUnclaimed()) {
            picked = cheapest(have, endgameMax, true, mine);
        }
        return picked;
    }

    void release(int index) {
        inflight[index]--;
    }

    private boolean anyUnclaimed() {
        for (int i = verified.nextClearBit(0); i < count; i = verified.nextClearBit(i + 1)) {
            if (inflight[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private List<Integer> cheapest(BitSet have, int max, boolean endgame, BitSet mine) {
        // Key = availability, then random rank; sorting candidates is O(n log n) per pick, fine below ~10^5 chunks.
        long[] keys = new long[Math.min(have.cardinality(), count)];
        int n = 0;
        for (int i = have.nextSetBit(0); i >= 0 && i < count; i = have.nextSetBit(i + 1)) {
            if (verified.get(i) || mine.get(i) || (endgame ? inflight[i] == 0 : inflight[i] > 0)) {
                continue;
            }
            keys[n++] = ((long) availability[i] << 32) | rank[i];
        }
        Arrays.sort(keys, 0, n);
        List<Integer> picked = new ArrayList<>();
        for (int k = 0; k < Math.min(n, max); k++) {
            picked.add(byRank[(int) keys[k]]);
        }
        return picked;
    }
}

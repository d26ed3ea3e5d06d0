package io.grapevine.node.download;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;

/**
 * Chooses which chunks to ask a peer for: rarest first (fewest known holders), ties broken by a random order fixed
 * per download so peers do not all start at chunk 0. Once every missing chunk is in flight (endgame) a peer may be
 * handed chunks another peer is already fetching; whichever copy verifies first counts, the other is ignored.
 * Not thread-safe: the download's lock guards it.
 *
 * <p>Sized for 10^6 chunks (1 TiB of 1 MiB chunks): chunks neither verified nor in flight ("unclaimed") sit in one
 * bucket per availability, a bitset indexed by their random rank, so a pick walks the rarest buckets in rank order
 * and stops after {@code max} chunks the peer has: O(max) for a peer holding the whole content, instead of sorting
 * every candidate per batch (a peer holding few of the wanted chunks makes the walk longer, at most one pass). Claiming, releasing, verifying and {@link #peerLacks} are O(1); {@link #addPeer} and
 * {@link #removePeer} are O(chunks the peer has); the endgame sorts only the chunks in flight.
 */
final class ChunkPicker {
    private final int count;
    private final BitSet verified;
    private final int[] availability;
    private final int[] inflight;
    private final int[] rank;
    private final int[] byRank;
    /** byAvailability.get(a): ranks of the unclaimed chunks that a providers hold. */
    private final List<BitSet> byAvailability = new ArrayList<>();
    /** Unverified chunks in flight somewhere, by index: the endgame's candidates. */
    private final BitSet claimed = new BitSet();
    private int verifiedCount;
    private int unclaimed;

    ChunkPicker(int count, BitSet verified, Random random) {
        this.count = count;
        this.verified = verified;
        this.availability = new int[count];
        this.inflight = new int[count];
        this.byRank = randomOrder(count, random);
        this.rank = new int[count];
        for (int r = 0; r < count; r++) {
            rank[byRank[r]] = r;
        }
        verifiedCount = verified.get(0, count).cardinality();
        BitSet none = bucket(0);
        for (int i = verified.nextClearBit(0); i < count; i = verified.nextClearBit(i + 1)) {
            none.set(rank[i]);
            unclaimed++;
        }
    }

    /** Chunk indexes 0..count-1 in a random order (Fisher-Yates): position r holds the chunk of rank r. */
    static int[] randomOrder(int count, Random random) {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    void addPeer(BitSet have) {
        for (int i = have.nextSetBit(0); i >= 0 && i < count; i = have.nextSetBit(i + 1)) {
            moveTo(i, availability[i] + 1);
        }
    }

    void removePeer(BitSet have) {
        for (int i = have.nextSetBit(0); i >= 0 && i < count; i = have.nextSetBit(i + 1)) {
            moveTo(i, availability[i] - 1);
        }
    }

    void peerLacks(int index) {
        moveTo(index, availability[index] - 1);
    }

    boolean isVerified(int index) {
        return verified.get(index);
    }

    /** Marks a chunk verified; false when it already was (a duplicate from the endgame). */
    boolean markVerified(int index) {
        if (verified.get(index)) {
            return false;
        }
        if (inflight[index] == 0) {
            bucket(availability[index]).clear(rank[index]);
            unclaimed--;
        } else {
            claimed.clear(index);
        }
        verified.set(index);
        verifiedCount++;
        return true;
    }

    int verifiedCount() {
        return verifiedCount;
    }

    int remaining() {
        return count - verifiedCount;
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
            if (inflight[i]++ == 0) {
                bucket(availability[i]).clear(rank[i]);
                unclaimed--;
                claimed.set(i);
            }
        }
        return picked;
    }

    /** Whether {@link #pick} would hand this peer anything now. */
    boolean hasWork(BitSet have, BitSet mine) {
        return !choose(have, 1, 1, mine).isEmpty();
    }

    void release(int index) {
        if (--inflight[index] == 0 && !verified.get(index)) {
            claimed.clear(index);
            bucket(availability[index]).set(rank[index]);
            unclaimed++;
        }
    }

    private List<Integer> choose(BitSet have, int max, int endgameMax, BitSet mine) {
        List<Integer> picked = rarestUnclaimed(have, max, mine);
        if (picked.isEmpty() && unclaimed == 0) {
            picked = rarestClaimed(have, endgameMax, mine);
        }
        return picked;
    }

    private List<Integer> rarestUnclaimed(BitSet have, int max, BitSet mine) {
        List<Integer> picked = new ArrayList<>(Math.min(max, 64));
        // Level 0 (no known holder) comes last, not first: a chunk in a registered have-map counts that peer among
        // its holders, so level 0 holds the chunks nobody offers, which every pick would otherwise walk past.
        for (int a = 1; a < byAvailability.size() && picked.size() < max; a++) {
            collect(byAvailability.get(a), have, max, mine, picked);
        }
        if (picked.size() < max) {
            collect(bucket(0), have, max, mine, picked);
        }
        return picked;
    }

    private void collect(BitSet ranks, BitSet have, int max, BitSet mine, List<Integer> picked) {
        for (int r = ranks.nextSetBit(0); r >= 0 && picked.size() < max; r = ranks.nextSetBit(r + 1)) {
            int i = byRank[r];
            if (have.get(i) && !mine.get(i)) {
                picked.add(i);
            }
        }
    }

    private List<Integer> rarestClaimed(BitSet have, int max, BitSet mine) {
        long[] keys = new long[claimed.cardinality()];
        int n = 0;
        for (int i = claimed.nextSetBit(0); i >= 0; i = claimed.nextSetBit(i + 1)) {
            if (have.get(i) && !mine.get(i)) {
                keys[n++] = ((long) availability[i] << 32) | rank[i];
            }
        }
        Arrays.sort(keys, 0, n);
        List<Integer> picked = new ArrayList<>();
        for (int k = 0; k < Math.min(n, max); k++) {
            picked.add(byRank[(int) keys[k]]);
        }
        return picked;
    }

    /** Sets chunk {@code index}'s availability, moving it between buckets while it is unclaimed. */
    private void moveTo(int index, int level) {
        level = Math.max(0, level); // holders are counted from have-maps the workers keep consistent; never below 0
        if (!verified.get(index) && inflight[index] == 0) {
            bucket(availability[index]).clear(rank[index]);
            bucket(level).set(rank[index]);
        }
        availability[index] = level;
    }

    private BitSet bucket(int level) {
        while (byAvailability.size() <= level) {
            byAvailability.add(new BitSet());
        }
        return byAvailability.get(level);
    }
}

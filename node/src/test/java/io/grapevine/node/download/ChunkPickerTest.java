package io.grapevine.node.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkPickerTest {
    private static BitSet bits(int n, int... set) {
        BitSet b = new BitSet(n);
        for (int i : set) {
            b.set(i);
        }
        return b;
    }

    private static BitSet all(int n) {
        BitSet b = new BitSet(n);
        b.set(0, n);
        return b;
    }

    @Test
    void rarestChunksComeFirst() {
        ChunkPicker picker = new ChunkPicker(6, new BitSet(), new Random(1));
        picker.addPeer(all(6));
        picker.addPeer(all(6));
        picker.addPeer(bits(6, 0, 1, 2, 3));
        // Chunks 4 and 5 have two holders, the rest three.
        assertThat(picker.pick(all(6), 2, 2, new BitSet())).containsExactlyInAnyOrder(4, 5);
    }

    @Test
    void verifiedAndInFlightChunksAreNotPickedUntilTheEndgame() {
        ChunkPicker picker = new ChunkPicker(4, bits(4, 0), new Random(2));
        picker.addPeer(all(4));
        BitSet mineA = new BitSet();
        List<Integer> a = picker.pick(all(4), 2, 2, mineA);
        a.forEach(mineA::set);
        assertThat(a).hasSize(2).doesNotContain(0);
        List<Integer> b = picker.pick(all(4), 5, 5, new BitSet());
        // Only one unclaimed chunk is left, so a second peer gets just it.
        assertThat(b).hasSize(1).doesNotContainAnyElementsOf(a).doesNotContain(0);
        BitSet mineB = bits(4, b.getFirst());
        // Endgame: everything missing is in flight; a peer is handed chunks others fetch, never its own.
        List<Integer> dup = picker.pick(all(4), 5, 5, mineB);
        assertThat(dup).containsExactlyInAnyOrderElementsOf(a);
        // A peer that has none of the missing chunks gets nothing.
        assertThat(picker.pick(bits(4, 0), 5, 5, new BitSet())).isEmpty();
    }

    @Test
    void verifiedChunksCountOnce() {
        ChunkPicker picker = new ChunkPicker(3, new BitSet(), new Random(3));
        assertThat(picker.markVerified(1)).isTrue();
        assertThat(picker.markVerified(1)).isFalse();
        assertThat(picker.remaining()).isEqualTo(2);
        assertThat(picker.hasWork(all(3), new BitSet())).isTrue();
        picker.markVerified(0);
        picker.markVerified(2);
        assertThat(picker.hasWork(all(3), new BitSet())).isFalse();
    }
}

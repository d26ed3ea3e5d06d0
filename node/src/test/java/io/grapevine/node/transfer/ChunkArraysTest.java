package io.grapevine.node.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChunkArraysTest {
    @Test
    void aReturnedArrayIsReusedForTheSameLengthOnly() {
        ChunkArrays arrays = new ChunkArrays(4L << 20);
        byte[] a = arrays.take(1 << 20);
        arrays.give(a);
        assertThat(arrays.take(512 * 1024)).isNotSameAs(a).hasSize(512 * 1024);
        assertThat(arrays.take(1 << 20)).isSameAs(a);
        assertThat(arrays.take(1 << 20)).isNotSameAs(a).hasSize(1 << 20);
    }

    @Test
    void theArraysKeptStayWithinTheTotalWhateverIsReturned() {
        ChunkArrays arrays = new ChunkArrays(3L << 20);
        for (int i = 0; i < 10; i++) {
            arrays.give(new byte[1 << 20]);
        }
        assertThat(arrays.keptBytes()).isEqualTo(3L << 20);
        for (int i = 0; i < 3; i++) {
            arrays.take(1 << 20);
        }
        assertThat(arrays.keptBytes()).isZero();
    }

    @Test
    void smallArraysAreNotKept() {
        ChunkArrays arrays = new ChunkArrays(3L << 20);
        byte[] small = new byte[ChunkArrays.MIN_POOLED - 1];
        arrays.give(small);
        assertThat(arrays.keptBytes()).isZero();
        assertThat(arrays.take(small.length)).isNotSameAs(small);
    }
}

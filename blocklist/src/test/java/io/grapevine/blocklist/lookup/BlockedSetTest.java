package io.grapevine.blocklist.lookup;

import io.grapevine.blocklist.vote.Target;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class BlockedSetTest {
    @Test
    void containsExactlyItsTargets() {
        List<Target> in = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            in.add(Target.content("bafkreiin" + i));
        }
        in.add(Target.publisher(new byte[] {8, 1, 18, 32, 5}));
        in.add(Target.content("bafkreiin7"));
        BlockedSet set = BlockedSet.of(in);
        assertThat(set.size()).isEqualTo(50_001);
        for (Target t : in) {
            assertThat(set.contains(t)).isTrue();
        }
        for (int i = 0; i < 50_000; i++) {
            assertThat(set.contains(Target.content("bafkreiout" + i))).isFalse();
        }
        // Same bytes, other kind: a different target.
        assertThat(set.contains(Target.publisher("bafkreiin1".getBytes()))).isFalse();
        assertThat(set.memoryBytes()).isLessThanOrEqualTo(8L * 131_072 + 16);
    }

    @Test
    void emptyAndRandomFingerprints() {
        assertThat(BlockedSet.of(List.of()).contains(Target.content("x"))).isFalse();
        Random r = new Random(7);
        long[] fps = new long[10_000];
        for (int i = 0; i < fps.length; i++) {
            fps[i] = r.nextLong() | 1;
        }
        BlockedSet set = BlockedSet.ofFingerprints(fps);
        for (long fp : fps) {
            assertThat(set.containsFingerprint(fp)).isTrue();
        }
        assertThat(set.containsFingerprint(2)).isFalse();
    }
}

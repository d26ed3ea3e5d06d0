package io.grapevine.node.announce;

import io.grapevine.node.announce.proto.Announcement;
import io.grapevine.node.identity.PrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.Arrays;
import java.util.Locale;

import static io.grapevine.node.announce.AnnounceFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a stamp costs a publisher at each difficulty, and what checking one costs everyone else. Run with
 * {@code -Dbench=true}; results in docs/announce.md. Each difficulty solves several announcements (the work is
 * geometric, so the mean over a few runs varies a lot) and reports the hash rate, which predicts any difficulty.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class StampBenchmark {
    @Test
    void stampCostByDifficulty() {
        PrivateKey key = key();
        Announcement base = announcement(key, contentId("bench")).toBuilder().clearSignature().build();
        for (int i = 0; i < 200; i++) Stamp.solve(base.toBuilder().setTitle("warm " + i).build(), 10); // JIT
        System.out.println("difficulty  runs  mean ms  median ms  max ms  mean tries  hashes/s");
        for (int d : new int[] {12, 16, 18, 20, 22}) {
            int runs = d <= 18 ? 20 : d == 20 ? 10 : 4;
            long[] ms = new long[runs];
            long tries = 0;
            long totalNanos = 0;
            for (int r = 0; r < runs; r++) {
                Announcement draft = base.toBuilder().setTitle("bench " + d + " " + r).build();
                long t0 = System.nanoTime();
                Announcement solved = Stamp.solve(draft, d);
                long nanos = System.nanoTime() - t0;
                assertThat(Stamp.verify(solved)).isTrue();
                totalNanos += nanos;
                ms[r] = nanos / 1_000_000;
                tries += solved.getStampNonce() + 1;
            }
            Arrays.sort(ms);
            System.out.printf(Locale.ROOT, "%10d  %4d  %7.0f  %9d  %6d  %10.0f  %8.0f%n", d, runs,
                    totalNanos / 1e6 / runs, ms[runs / 2], ms[runs - 1], (double) tries / runs,
                    tries / (totalNanos / 1e9));
        }
        Announcement signed = AnnouncementSigning.sign(Stamp.solve(base, 12), key);
        int n = 20_000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) Stamp.verify(signed);
        long stampNs = (System.nanoTime() - t0) / n;
        t0 = System.nanoTime();
        for (int i = 0; i < n; i++) AnnouncementSigning.verify(signed, key.publicKey());
        long sigNs = (System.nanoTime() - t0) / n;
        System.out.printf(Locale.ROOT, "verify: stamp %.1f us, signature %.1f us per announcement%n", stampNs / 1e3, sigNs / 1e3);
    }
}

package io.grapevine.blocklist.stamp;

import java.nio.charset.StandardCharsets;

/**
 * Measures the mean time to mint a stamp per difficulty (not a unit test):
 * {@code java -cp blocklist/target/classes:blocklist/target/test-classes io.grapevine.blocklist.stamp.StampCost}
 */
public final class StampCost {
    public static void main(String[] args) {
        int maxDifficulty = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Stamp.mint("warm-up".getBytes(StandardCharsets.UTF_8), 16);
        long t0 = System.nanoTime();
        int hashes = 200_000;
        for (int i = 0; i < hashes; i++) {
            Stamp.verify(("p" + i).getBytes(StandardCharsets.UTF_8), i, 1);
        }
        System.out.printf("verify: %.2f us%n", (System.nanoTime() - t0) / 1e3 / hashes);
        for (int d = 8; d <= maxDifficulty; d += 2) {
            int samples = Math.max(3, 1 << Math.max(0, 18 - d));
            long start = System.nanoTime();
            for (int i = 0; i < samples; i++) {
                Stamp.mint(("vote " + d + " " + i).getBytes(StandardCharsets.UTF_8), d);
            }
            double ms = (System.nanoTime() - start) / 1e6 / samples;
            System.out.printf("difficulty %2d: %10.3f ms per stamp (%d samples)%n", d, ms, samples);
        }
    }
}

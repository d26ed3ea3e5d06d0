package io.grapevine.blocklist.lookup;

import io.grapevine.blocklist.vote.Target;

import java.util.ArrayList;
import java.util.List;

/**
 * Build time, memory and lookup cost of a 1,000,000-entry set (not a unit test, no JMH):
 * {@code java -cp blocklist/target/classes:blocklist/target/test-classes io.grapevine.blocklist.lookup.BlockedSetBenchmark}
 */
public final class BlockedSetBenchmark {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        List<Target> targets = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            targets.add(Target.content("bafkreiblocked" + i));
        }
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        long t0 = System.nanoTime();
        BlockedSet set = BlockedSet.of(targets);
        long buildNs = System.nanoTime() - t0;
        System.gc();
        long after = rt.totalMemory() - rt.freeMemory();
        System.out.printf("entries: %d, build: %d ms, slot array: %.1f MiB, heap delta: %.1f MiB%n",
                set.size(), buildNs / 1_000_000, set.memoryBytes() / 1048576.0, (after - before) / 1048576.0);
        Target[] probes = new Target[1 << 16];
        for (int i = 0; i < probes.length; i++) {
            probes[i] = Target.content((i % 2 == 0 ? "bafkreiblocked" : "bafkreimissing") + (i * 7919L % n));
        }
        long[] fps = new long[probes.length];
        for (int i = 0; i < fps.length; i++) {
            fps[i] = TargetFingerprint.of(probes[i]);
        }
        int hits = 0;
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            int lookups = 2_000_000;
            for (int i = 0; i < lookups; i++) {
                if (set.contains(probes[i & (probes.length - 1)])) {
                    hits++;
                }
            }
            double withHash = (System.nanoTime() - start) / (double) lookups;
            start = System.nanoTime();
            lookups = 20_000_000;
            for (int i = 0; i < lookups; i++) {
                if (set.containsFingerprint(fps[i & (fps.length - 1)])) {
                    hits++;
                }
            }
            double probeOnly = (System.nanoTime() - start) / (double) lookups;
            System.out.printf("round %d: %.0f ns/lookup including SHA-256 of the target, %.1f ns/probe%n", round,
                    withHash, probeOnly);
        }
        System.out.println("(hits " + hits + ")");
    }
}

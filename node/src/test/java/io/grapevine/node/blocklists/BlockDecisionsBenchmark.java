package io.grapevine.node.blocklists;

import io.grapevine.blocklist.lookup.BlockedSet;
import io.grapevine.blocklist.vote.Target;
import io.grapevine.node.identity.Ed25519PrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A followed list with 1,000,000 blocked entries (docs/bench/blocklist-bench.sh; skipped unless -Dbench=true):
 * time to load them into the node's lookup set, the set's heap, and the cost the announcement gossip validator pays
 * per message ({@code blockedReason(contentId, publisherKey)}, two lookups). Prints BLOCK-BENCH lines.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class BlockDecisionsBenchmark {
    private static final String PREFIX = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aq";

    @Test
    void aMillionBlockedEntries() {
        int n = Integer.getInteger("bench.items", 1_000_000);
        Runtime rt = Runtime.getRuntime();
        long base = usedAfterGc(rt);
        Target[] targets = new Target[n];
        for (int i = 0; i < n; i++) {
            targets[i] = Target.content(PREFIX + i);
        }
        System.out.printf("BLOCK-BENCH the %d Target objects themselves (held by the list's tally): %.1f MiB%n", n,
                (usedAfterGc(rt) - base) / 1048576.0);
        // As BlocklistService.recomputeAll hands them over: LocalPolicy.blockedTargets builds a TreeSet.
        long t0 = System.nanoTime();
        Set<Target> blocked = new TreeSet<>(java.util.Arrays.asList(targets));
        long sortMs = (System.nanoTime() - t0) / 1_000_000;
        base = usedAfterGc(rt);
        BlockDecisions decisions = new BlockDecisions();
        t0 = System.nanoTime();
        decisions.replaceAll(blocked, Set.of(), Map.of(), false);
        long loadMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("BLOCK-BENCH blocked set handed over as a TreeSet: built in %d ms%n", sortMs);
        long setBytes = usedAfterGc(rt) - base;
        assertThat(decisions.listBlockedCount()).isEqualTo(n);
        for (int round = 0; round < 3; round++) {
            Set<Target> again = new TreeSet<>(blocked);
            t0 = System.nanoTime();
            decisions.replaceAll(again, Set.of(), Map.of(), false);
            System.out.printf("BLOCK-BENCH re-decision with nothing changed (the once-a-minute expiry): %d ms%n",
                    (System.nanoTime() - t0) / 1_000_000);
        }
        System.out.printf("BLOCK-BENCH BlockDecisions: %d entries, load %d ms, lookup set %.1f MiB (heap delta, targets not counted)%n",
                n, loadMs, setBytes / 1048576.0);

        base = usedAfterGc(rt);
        t0 = System.nanoTime();
        BlockedSet fingerprints = BlockedSet.of(blocked);
        long fpMs = (System.nanoTime() - t0) / 1_000_000;
        long fpBytes = usedAfterGc(rt) - base;
        System.out.printf("BLOCK-BENCH BlockedSet: %d entries, build %d ms, %.1f MiB slot array (heap delta %.1f MiB)%n",
                fingerprints.size(), fpMs, fingerprints.memoryBytes() / 1048576.0, fpBytes / 1048576.0);

        byte[] publisher = Ed25519PrivateKey.generate().publicKey().marshal();
        String[] probes = new String[1 << 14];
        for (int i = 0; i < probes.length; i++) {
            probes[i] = i % 2 == 0 ? PREFIX + (i * 7919L % n) : PREFIX + "x" + i;
        }
        long hits = 0;
        for (int round = 0; round < 5; round++) {
            int lookups = 1_000_000;
            long start = System.nanoTime();
            for (int i = 0; i < lookups; i++) {
                if (decisions.isContentBlocked(probes[i & (probes.length - 1)])) hits++;
            }
            double one = (System.nanoTime() - start) / (double) lookups;
            start = System.nanoTime();
            for (int i = 0; i < lookups; i++) {
                if (decisions.blockedReason(probes[(i & (probes.length - 1)) | 1], publisher).isPresent()) hits++;
            }
            double perMessage = (System.nanoTime() - start) / (double) lookups;
            start = System.nanoTime();
            for (int i = 0; i < lookups; i++) {
                if (fingerprints.contains(Target.content(probes[i & (probes.length - 1)]))) hits++;
            }
            double fp = (System.nanoTime() - start) / (double) lookups;
            System.out.printf("BLOCK-BENCH round %d: BlockDecisions lookup %.0f ns; per announcement (content + publisher, not blocked) %.0f ns; BlockedSet lookup incl. SHA-256 %.0f ns%n",
                    round, one, perMessage, fp);
        }
        System.out.println("BLOCK-BENCH (hits " + hits + ")");
        decisions.close();
    }

    private static long usedAfterGc(Runtime rt) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}

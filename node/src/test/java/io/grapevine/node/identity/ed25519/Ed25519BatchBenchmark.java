package io.grapevine.node.identity.ed25519;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Microseconds of CPU (this thread) per signature: BouncyCastle's single check, ours, and our batch at several sizes,
 * with 1, 100 and 2,048 keys (decoded once: the first, warm-up rounds fill the key cache). Gated: {@code -Dbench=true}; results in docs/benchmarks.md.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class Ed25519BatchBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int SIGNATURES = 4096;

    @Test
    void perSignature() {
        Ed25519BatchVerifier verifier = new Ed25519BatchVerifier(new SecureRandom());
        Random random = new Random(1);
        for (int keys : new int[]{1, 100, 2048}) { // 100 publishers as in the catch-up benchmark; keys stay cached
            List<Ed25519BatchVerifier.Item> items = Signatures.honest(SIGNATURES, keys, random);
            String label = keys + (keys == 1 ? " key" : " keys");
            for (int round = 0; round < 5; round++) { // two rounds warm the JIT; the least CPU of the next three is reported
                measure(round, label, "BouncyCastle single", items, () -> {
                    for (Ed25519BatchVerifier.Item it : items) assertThat(Signatures.bouncyCastle(it)).isTrue();
                });
                measure(round, label, "ours single", items, () -> {
                    for (Ed25519BatchVerifier.Item it : items) {
                        assertThat(Ed25519BatchVerifier.verifyOne(it.publicKey(), it.message(), it.signature())).isTrue();
                    }
                });
                // The worst case of a batch: every signature bad (each needs the equation; the halving finds them all).
                List<Ed25519BatchVerifier.Item> bad = items.stream()
                        .map(it -> new Ed25519BatchVerifier.Item(it.publicKey(), Arrays.copyOf(it.message(), it.message().length + 1), it.signature()))
                        .toList(); // the message one byte longer: signed for another message
                measure(round, label, "ours batch 128, all bad", bad, () -> {
                    for (int from = 0; from < bad.size(); from += 128) {
                        assertThat(verifier.verify(bad.subList(from, Math.min(bad.size(), from + 128)))).containsOnly(false);
                    }
                });
                for (int size : new int[]{16, 64, 128, 512}) {
                    measure(round, label, "ours batch " + size, items, () -> {
                        for (int from = 0; from < items.size(); from += size) {
                            assertThat(verifier.verify(items.subList(from, Math.min(items.size(), from + size)))).containsOnly(true);
                        }
                    });
                }
            }
        }
    }

    /** Least CPU seen per measurement after warm-up: the neighbours' load only ever adds (cache, frequency). */
    private static final Map<String, Long> BEST = new HashMap<>();

    private static void measure(int round, String keys, String what, List<?> items, Runnable run) {
        long cpu0 = THREADS.getCurrentThreadCpuTime(), wall0 = System.nanoTime();
        run.run();
        long cpu = THREADS.getCurrentThreadCpuTime() - cpu0, wall = System.nanoTime() - wall0;
        if (round < 2) return;
        String name = keys + "/" + what;
        cpu = Math.min(cpu, BEST.getOrDefault(name, cpu));
        BEST.put(name, cpu);
        if (round == 4) {
            System.out.printf("%-14s %-22s %7.1f us CPU/signature  (%d signatures: %.3f CPU-s least of 3; last %.3f s wall)%n",
                    keys, what, cpu / 1000.0 / items.size(), items.size(), cpu / 1e9, wall / 1e9);
        }
    }
}

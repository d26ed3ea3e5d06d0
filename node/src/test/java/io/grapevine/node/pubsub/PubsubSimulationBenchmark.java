package io.grapevine.node.pubsub;

import io.grapevine.node.pubsub.gossipsub.GossipsubParams;
import io.grapevine.node.pubsub.gossipsub.GossipsubRouter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * N=100 routers (each dials 4 earlier ones, 5-40 ms injected inbound latency per node), 64 KiB messages from 10
 * publishers, with IDONTWANT on and off: delivery ratio, p50/p99 publish-to-delivery latency over all deliveries,
 * duplicates per message per node, message bytes received per node. Run with {@code -Dbench=true}; prints its numbers.
 * {@code -Dbench.nodes}, {@code -Dbench.messages}, {@code -Dbench.rate} (messages/s) and {@code -Dbench.size} change
 * the defaults (100, 30, 2, 65536); {@code -Dbench.uplinkMbit} gives every node a simulated upload link of that many
 * Mbit/s (default none); {@code -Dbench.heartbeatMs} sets the heartbeat interval (default 200);
 * {@code -Dbench.latencyMs=MIN-MAX} the injected inbound latency range (default 5-40; 0-0 for none);
 * {@code -Dbench.warmupMessages} messages published at the same rate first and left out of every figure (default 0),
 * so the JIT's first seconds do not make the tail.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class PubsubSimulationBenchmark extends PubsubSimulation {
    private static final int N = Integer.getInteger("bench.nodes", 100);
    private static final int MESSAGES = Integer.getInteger("bench.messages", 30);
    private static final double RATE = Double.parseDouble(System.getProperty("bench.rate", "2"));
    private static final int SIZE = Integer.getInteger("bench.size", 64 * 1024);
    private static final int PUBLISHERS = 10;
    /** Megabits per second of each node's simulated upload link (SimulatedUplink); 0, the default, for none. */
    /** Heartbeat interval; 200 ms (test speed) unless set, 1,000 ms is the spec's and go's and js's default. */
    private static final long HEARTBEAT_MS = Long.getLong("bench.heartbeatMs", 200);
    private static final long UPLINK_MBIT = Long.getLong("bench.uplinkMbit", 0);
    private static final String LATENCY_MS = System.getProperty("bench.latencyMs", "5-40");
    private static final int WARMUP_MESSAGES = Integer.getInteger("bench.warmupMessages", 0);

    @Test
    void withIDontWant() throws Exception {
        run(true);
    }

    @Test
    void withoutIDontWant() throws Exception {
        run(false);
    }

    private void run(boolean idontwant) throws Exception {
        Random random = new Random(11);
        GossipsubParams params = fast().heartbeat(Duration.ofMillis(50), Duration.ofMillis(HEARTBEAT_MS))
                .pruneBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1))
                .idontwantMinDataSize(idontwant ? 1024 : Integer.MAX_VALUE).build();
        String[] latency = LATENCY_MS.split("-");
        build(N, 4, params, Duration.ofMillis(Long.parseLong(latency[0])),
                Duration.ofMillis(Long.parseLong(latency[latency.length - 1])), UPLINK_MBIT * 1_000_000, random);
        List<GossipsubRouter> publishers = nodes.subList(0, PUBLISHERS);
        Thread.sleep(Math.max(2000, 3 * HEARTBEAT_MS)); // meshes settle
        long warmupStart = System.nanoTime();
        for (int w = 0; w < WARMUP_MESSAGES; w++) {
            sleepUntil(warmupStart + (long) (w * 1e9 / RATE));
            publish(publishers.get(w % PUBLISHERS), -1 - w, SIZE);
        }
        if (WARMUP_MESSAGES > 0) {
            Thread.sleep(3000); // the warm-up's deliveries and duplicates settle, then are forgotten
            deliveries.values().forEach(java.util.Map::clear);
        }
        long inBefore = sum(n -> n.stats().messagesIn());
        long duplicatesBefore = sum(n -> n.stats().duplicates());
        long cancelledBefore = sum(n -> n.stats().cancelledSends());
        long cpuBefore = cpuNanos();
        long start = System.nanoTime();
        long halfCpu = 0;
        ThreadCpu halfThreads = null;
        long halfDelivered = 0;
        for (int m = 0; m < MESSAGES; m++) {
            sleepUntil(start + (long) (m * 1e9 / RATE));
            if (m == MESSAGES / 2) {
                halfCpu = cpuNanos();
                halfThreads = ThreadCpu.now();
                halfDelivered = totalDelivered();
            }
            publish(publishers.get(m % PUBLISHERS), m, SIZE);
        }
        // Steady state: the second half of the publishing, after JIT warm-up and without the drain at the end.
        double steadyCpuPerDelivery = (cpuNanos() - halfCpu) / 1e3 / Math.max(1, totalDelivered() - halfDelivered);
        String steadyByThread = ThreadCpu.now().perMessageSince(halfThreads, totalDelivered() - halfDelivered);
        long expected = (long) MESSAGES * (N - 1);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (totalDelivered() < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(1000); // late duplicates
        double cpu = (cpuNanos() - cpuBefore) / 1e9;
        long delivered = totalDelivered();
        double duplicates = (sum(n -> n.stats().duplicates()) - duplicatesBefore) / (double) (MESSAGES * N);
        double bytesPerNode = (sum(n -> n.stats().messagesIn()) - inBefore) * (double) SIZE / N;
        double duplicateBytesPerNode = duplicates * MESSAGES * SIZE;
        double[] latencies = latenciesMillis();
        double[] floor = latencyFloor();
        System.out.printf("simulation bench N=%d, %d x %d B from %d publishers at %.1f msg/s, IDONTWANT %s: "
                        + "delivery %.4f, latency p50 %.1f ms p99 %.1f ms, duplicates %.2f per message per node, "
                        + "received %.1f MiB per node (duplicates %.1f MiB), sends cancelled at write time %.2f per "
                        + "message per node, uplink %s, heartbeat %d ms, JVM CPU %.1f s (second half of the "
                        + "publishing: %.0f us per node-delivery: %s); latency floor of the injected latencies (shortest "
                        + "paths): p50 %.1f ms p99 %.1f ms; injected latency %s ms, warm-up %d messages%n",
                N, MESSAGES, SIZE, PUBLISHERS, RATE, idontwant ? "on" : "off", delivered / (double) expected,
                percentile(latencies, 0.5), percentile(latencies, 0.99), duplicates, bytesPerNode / (1 << 20),
                duplicateBytesPerNode / (1 << 20),
                (sum(n -> n.stats().cancelledSends()) - cancelledBefore) / (double) (MESSAGES * N),
                UPLINK_MBIT > 0 ? UPLINK_MBIT + " Mbit/s" : "none", HEARTBEAT_MS, cpu, steadyCpuPerDelivery,
                steadyByThread,
                percentile(floor, 0.5), percentile(floor, 0.99), LATENCY_MS, WARMUP_MESSAGES);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        while (System.nanoTime() < nanoTime) {
            Thread.sleep(1);
        }
    }

    /** Over every delivery the run should make: publisher {@code m % PUBLISHERS} of message m to every other node. */
    private double[] latencyFloor() {
        List<double[]> byPublisher = new ArrayList<>();
        for (int p = 0; p < PUBLISHERS; p++) {
            byPublisher.add(latencyFloorMillis(p));
        }
        double[] all = new double[MESSAGES * (N - 1)];
        int k = 0;
        for (int m = 0; m < MESSAGES; m++) {
            int publisher = m % PUBLISHERS;
            double[] floor = byPublisher.get(publisher);
            for (int v = 0; v < N; v++) {
                if (v != publisher) {
                    all[k++] = floor[v];
                }
            }
        }
        Arrays.sort(all);
        return all;
    }

    private long totalDelivered() {
        return deliveries.values().stream().mapToLong(java.util.Map::size).sum();
    }

    private static long cpuNanos() {
        return ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime();
    }
}

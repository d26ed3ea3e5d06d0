package io.grapevine.node.pubsub;

import static org.awaitility.Awaitility.await;

import io.grapevine.node.pubsub.gossipsub.GossipsubParams;
import io.grapevine.node.pubsub.gossipsub.GossipsubRouter;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A network of real routers on real hosts in one JVM (127.0.0.1, Noise, Yamux): a random connected topology (each
 * node dials {@code dials} earlier ones), per-node inbound latency drawn from a range, and delivery records (message
 * number, publish-to-delivery time) for every node. Messages carry their number and publish time in their first 16
 * bytes.
 */
abstract class PubsubSimulation extends PubsubTestBase {
    final List<GossipsubRouter> nodes = new ArrayList<>();
    /** Per node: message number -> delivery latency in nanoseconds. */
    final Map<GossipsubRouter, Map<Long, Long>> deliveries = new ConcurrentHashMap<>();
    /** Per node (by index): its injected inbound latency in nanoseconds, and the nodes it is connected to. */
    final List<Long> latencies = new ArrayList<>();
    final List<Set<Integer>> links = new ArrayList<>();

    void build(int n, int dials, GossipsubParams params, Duration minLatency, Duration maxLatency, Random random)
            throws Exception {
        build(n, dials, params, minLatency, maxLatency, 0, random);
    }

    /** As above; with {@code uplinkBitsPerSecond} > 0 every node's message sends share an upload link that fast. */
    void build(int n, int dials, GossipsubParams params, Duration minLatency, Duration maxLatency,
               long uplinkBitsPerSecond, Random random) throws Exception {
        for (int i = 0; i < n; i++) {
            GossipsubRouter node = node(params);
            if (uplinkBitsPerSecond > 0) {
                node.simulateUplink(uplinkBitsPerSecond);
            }
            Map<Long, Long> log = new ConcurrentHashMap<>();
            deliveries.put(node, log);
            node.subscribe(TOPIC, m -> {
                ByteBuffer header = ByteBuffer.wrap(m.data());
                long number = header.getLong();
                log.putIfAbsent(number, System.nanoTime() - header.getLong());
            });
            long spread = maxLatency.toNanos() - minLatency.toNanos();
            Duration latency = minLatency.plusNanos(spread <= 0 ? 0 : (long) (random.nextDouble() * spread));
            node.simulateInboundLatency(latency);
            latencies.add(latency.toNanos());
            links.add(new HashSet<>());
            Set<Integer> targets = new HashSet<>();
            while (targets.size() < Math.min(dials, i)) {
                targets.add(random.nextInt(i));
            }
            for (int t : targets) {
                connect(node, nodes.get(t));
                links.get(i).add(t);
                links.get(t).add(i);
            }
            nodes.add(node);
        }
        for (GossipsubRouter node : nodes) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !node.mesh(TOPIC).isEmpty());
        }
    }

    /** Publishes message {@code number} of {@code size} bytes (at least 16) from {@code from}. */
    void publish(GossipsubRouter from, long number, int size) throws Exception {
        byte[] data = new byte[size];
        ByteBuffer.wrap(data).putLong(number).putLong(System.nanoTime());
        from.publish(TOPIC, data).get(10, TimeUnit.SECONDS);
    }

    /** Nodes that should get message {@code number}: all but its publisher. */
    long delivered(long number) {
        return deliveries.values().stream().filter(log -> log.containsKey(number)).count();
    }

    /** All publish-to-delivery latencies in milliseconds, sorted. */
    double[] latenciesMillis() {
        return deliveries.values().stream().flatMap(log -> log.values().stream())
                .mapToDouble(nanos -> nanos / 1e6).sorted().toArray();
    }

    /**
     * The latency model's floor: for each node, the least sum of injected latencies over any path of connections
     * from {@code publisher} (each receiving node adds its own), in milliseconds. No router can deliver sooner.
     */
    double[] latencyFloorMillis(int publisher) {
        int n = latencies.size();
        double[] best = new double[n];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        best[publisher] = 0;
        PriorityQueue<double[]> queue = new PriorityQueue<>(Comparator.comparingDouble((double[] e) -> e[0]));
        queue.add(new double[] {0, publisher});
        while (!queue.isEmpty()) {
            double[] e = queue.poll();
            int u = (int) e[1];
            if (e[0] > best[u]) {
                continue;
            }
            for (int v : links.get(u)) {
                double d = e[0] + latencies.get(v) / 1e6;
                if (d < best[v]) {
                    best[v] = d;
                    queue.add(new double[] {d, v});
                }
            }
        }
        return best;
    }

    /** Whether the nodes not in {@code removed} are still connected to each other by the links built. */
    boolean connectedWithout(Set<Integer> removed) {
        int start = 0;
        while (removed.contains(start)) {
            start++;
        }
        Set<Integer> reached = new HashSet<>(List.of(start));
        java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            for (int next : links.get(queue.poll())) {
                if (!removed.contains(next) && reached.add(next)) {
                    queue.add(next);
                }
            }
        }
        return reached.size() == links.size() - removed.size();
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    long sum(java.util.function.ToLongFunction<GossipsubRouter> counter) {
        return nodes.stream().mapToLong(counter).sum();
    }

    static String describe(double[] sorted) {
        return Arrays.toString(new double[] {percentile(sorted, 0.5), percentile(sorted, 0.99)});
    }
}

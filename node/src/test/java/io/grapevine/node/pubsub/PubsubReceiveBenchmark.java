package io.grapevine.node.pubsub;

import static org.awaitility.Awaitility.await;

import io.grapevine.node.pubsub.gossipsub.GossipsubRouter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * One Grapevine node receiving signed 1 KiB messages flat out from three Grapevine publishers (each connected only to
 * it): validated and delivered messages per second. Run with {@code -Dbench=true}; prints its numbers.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class PubsubReceiveBenchmark extends PubsubTestBase {
    private static final int PUBLISHERS = 3;
    private static final Duration RUN = Duration.ofSeconds(10);
    /** Publishers stay this far ahead of delivery, so the measurement is of the receiver, not of drops. */
    private static final long WINDOW = 3000;

    @Test
    void receiverThroughput() throws Exception {
        GossipsubRouter receiver = node(fast().build());
        AtomicLong delivered = new AtomicLong();
        receiver.subscribe(TOPIC, m -> delivered.incrementAndGet());
        List<GossipsubRouter> publishers = new ArrayList<>();
        for (int i = 0; i < PUBLISHERS; i++) {
            GossipsubRouter p = node(fast().build());
            connect(p, receiver);
            publishers.add(p);
        }
        for (GossipsubRouter p : publishers) {
            await().atMost(WAIT).until(() -> p.peers(TOPIC).contains(receiver.localPeer()));
        }
        byte[] data = new byte[1024];
        AtomicLong published = new AtomicLong();
        long cpuBefore = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                .getProcessCpuTime();
        long start = System.nanoTime();
        long deadline = start + RUN.toNanos();
        while (System.nanoTime() < deadline) {
            for (GossipsubRouter p : publishers) {
                data[0]++;
                p.publish(TOPIC, data.clone());
                published.incrementAndGet();
            }
            while (published.get() - delivered.get() > WINDOW && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long got = delivered.get();
        double cpu = (ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                .getProcessCpuTime() - cpuBefore) / 1e9;
        System.out.printf("pubsub receive bench: %d publishers, %d published, %d delivered in %.1f s = %.0f msg/s "
                        + "(JVM CPU %.1f s for all %d nodes; receiver rejected %d, duplicates %d, dropped sends %d)%n",
                PUBLISHERS, published.get(), got, seconds, got / seconds, cpu, PUBLISHERS + 1,
                receiver.stats().rejected(), receiver.stats().duplicates(),
                publishers.stream().mapToLong(p -> p.stats().droppedSends()).sum());
    }
}

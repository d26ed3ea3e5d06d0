package io.grapevine.node.pubsub;

import static org.awaitility.Awaitility.await;

import io.grapevine.node.pubsub.gossipsub.GossipsubRouter;
import io.grapevine.node.pubsub.rpc.proto.Message;
import io.grapevine.node.pubsub.rpc.proto.RPC;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * One Grapevine node receiving signed 1 KiB messages flat out: validated and delivered messages per second. Two
 * sources: three Grapevine publishers (each connected only to it; they sign as they go and sit in its mesh, so it also
 * relays and sends IDONTWANT), and three raw peers sending pre-signed messages (so the JVM's CPU goes to the receiver).
 * Run with {@code -Dbench=true}; prints its numbers.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class PubsubReceiveBenchmark extends PubsubTestBase {
    private static final int PUBLISHERS = 3;
    private static final Duration RUN = Duration.ofSeconds(10);
    /** Publishers stay this far ahead of delivery, so the measurement is of the receiver, not of drops. */
    private static final long WINDOW = 3000;
    private static final int PRESIGNED_PER_PEER = Integer.getInteger("bench.presigned", 25_000);

    @Test
    void receiverThroughputFromGrapevinePublishers() throws Exception {
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
        long cpuBefore = cpuNanos();
        ThreadCpu threadsBefore = ThreadCpu.now();
        long start = System.nanoTime();
        long deadline = start + RUN.toNanos();
        while (System.nanoTime() < deadline) {
            for (GossipsubRouter p : publishers) {
                data[0]++;
                data[1] = (byte) (published.get() >> 8);
                p.publish(TOPIC, data.clone());
                published.incrementAndGet();
            }
            while (published.get() - delivered.get() > WINDOW && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long got = delivered.get();
        double cpu = (cpuNanos() - cpuBefore) / 1e9;
        System.out.printf("pubsub receive bench (Grapevine publishers): %d publishers, %d published, %d delivered in "
                        + "%.1f s = %.0f msg/s (JVM CPU %.1f s for all %d nodes = %.0f us per message; receiver "
                        + "rejected %d, duplicates %d, dropped sends %d; by thread, all nodes: %s)%n",
                PUBLISHERS, published.get(), got, seconds, got / seconds, cpu, PUBLISHERS + 1, cpu * 1e6 / got,
                receiver.stats().rejected(), receiver.stats().duplicates(),
                publishers.stream().mapToLong(p -> p.stats().droppedSends()).sum(),
                ThreadCpu.now().perMessageSince(threadsBefore, got));
    }

    @Test
    void receiverThroughputFromPresignedMessages() throws Exception {
        GossipsubRouter receiver = node(fast().build());
        AtomicLong delivered = new AtomicLong();
        receiver.subscribe(TOPIC, m -> delivered.incrementAndGet());
        List<RawPubsubPeer> senders = new ArrayList<>();
        List<List<RPC>> rpcs = new ArrayList<>();
        for (int i = 0; i < PUBLISHERS; i++) {
            RawPubsubPeer raw = new RawPubsubPeer();
            senders.add(raw);
            raw.open(hostOf(receiver));
            int sender = i;
            rpcs.add(IntStream.range(0, PRESIGNED_PER_PEER).parallel().mapToObj(n -> {
                byte[] data = new byte[1024];
                data[0] = (byte) sender;
                Message m = MessageSigning.sign(raw.key, TOPIC, data, n);
                return RPC.newBuilder().addPublish(m).build();
            }).toList());
        }
        try {
            long total = (long) PUBLISHERS * PRESIGNED_PER_PEER;
            long routerCpuBefore = routerThreadsCpuNanos();
            ThreadCpu threadsBefore = ThreadCpu.now();
            long cpuBefore = cpuNanos();
            long start = System.nanoTime();
            long deadline = start + RUN.toNanos() * 3;
            long sent = 0;
            for (int n = 0; n < PRESIGNED_PER_PEER && System.nanoTime() < deadline; n++) {
                for (int i = 0; i < PUBLISHERS; i++) {
                    var channel = senders.get(i).outbound.channel();
                    channel.write(rpcs.get(i).get(n));
                    if (n % 32 == 31) {
                        channel.flush();
                    }
                    sent++;
                }
                while (sent - delivered.get() > WINDOW && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
            }
            senders.forEach(s -> s.outbound.channel().flush());
            while (delivered.get() < total && System.nanoTime() < deadline) {
                Thread.sleep(1); // a busy machine may not get through all of them: the rate is what counts
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = (cpuNanos() - cpuBefore) / 1e9;
            double routerCpu = (routerThreadsCpuNanos() - routerCpuBefore) / 1e9;
            long got = delivered.get();
            System.out.printf("pubsub receive bench (pre-signed, %d raw senders): %d sent, %d delivered in %.1f s = "
                            + "%.0f msg/s (JVM CPU %.1f s = %.0f us per message, of which the router and its "
                            + "verifiers %.0f us = %.0f msg/s per core; rejected %d; by thread, senders' event "
                            + "loops included: %s)%n",
                    PUBLISHERS, sent, got, seconds, got / seconds, cpu, cpu * 1e6 / got, routerCpu * 1e6 / got,
                    got / routerCpu, receiver.stats().rejected(), ThreadCpu.now().perMessageSince(threadsBefore, got));
        } finally {
            senders.forEach(RawPubsubPeer::close);
        }
    }

    /** CPU of the gossipsub router and verifier threads; here only the receiver's do any work. */
    private static long routerThreadsCpuNanos() {
        var threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("grapevine-gossipsub")) {
                sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return sum;
    }

    private static long cpuNanos() {
        return ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime();
    }
}

package io.grapevine.node.interop;

import static org.awaitility.Awaitility.await;

import io.grapevine.node.identity.PeerId;
import io.grapevine.node.pubsub.Pubsub;
import io.grapevine.node.pubsub.ThreadCpu;
import io.grapevine.node.pubsub.gossipsub.GossipsubParams;
import io.grapevine.node.pubsub.gossipsub.GossipsubRouter;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * How fast one receiver validates and delivers signed 1 KiB gossipsub messages sent flat out, for the three pairings
 * with js-libp2p (@chainsafe/libp2p-gossipsub): js publishers to Grapevine, Grapevine to js, js to js. The rate is the
 * receiver's own: deliveries between its first and its last, so start-up and the publisher's lead do not count.
 * Run with {@code -Dbench=true}; {@code -Dbench.jsMessages} (per publisher, default 20,000) and
 * {@code -Dbench.jsPublishers} (js publishers loading Grapevine, default 1; with more, Grapevine also relays each
 * one's messages to the others) change the load, {@code -Dbench.jsWarmup} the uncounted messages sent first (per
 * publisher, default three times the load); {@code -Dbench.pairings=jsToGrapevine} runs only that pairing
 * (also {@code grapevineToJs}, {@code jsToJs}). Prints its numbers.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class GossipsubJsReceiveBenchmark {
    private static final String TOPIC = "grapevine/bench";
    private static final int SIZE = 1024;
    private static final int MESSAGES = Integer.getInteger("bench.jsMessages", 20_000);
    private static final int JS_PUBLISHERS = Integer.getInteger("bench.jsPublishers", 1);
    /**
     * js -> Grapevine first sends this many per publisher, uncounted, so the JIT's work is not the receiver's. A
     * quarter of the load was too little: on two busy cores C2 reached the receive path 20 s into the JVM, well into
     * the counted run (see docs/benchmarks.md).
     */
    private static final int WARMUP = Integer.getInteger("bench.jsWarmup", 3 * MESSAGES);
    /** Which pairings to run (comma-separated), e.g. only jsToGrapevine while profiling the receiver. */
    private static final List<String> PAIRINGS = List.of(
            System.getProperty("bench.pairings", "jsToGrapevine,grapevineToJs,jsToJs").split(","));
    /** Grapevine stays at most this far ahead of the js receiver, so its send queue never drops. */
    private static final long WINDOW = 2000;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration RUN_LIMIT = Duration.ofMinutes(3);
    /** A receiver that delivers nothing new for this long has got all it will get. */
    private static final Duration QUIET = Duration.ofSeconds(10);

    private final Closer closing = new Closer();

    @AfterEach
    void stop() {
        closing.close();
    }

    @Test
    void receiveRates() throws Exception {
        if (PAIRINGS.contains("jsToGrapevine")) {
            System.out.println(jsToGrapevine());
        }
        if (PAIRINGS.contains("grapevineToJs")) {
            System.out.println(grapevineToJs());
        }
        if (PAIRINGS.contains("jsToJs")) {
            System.out.println(jsToJs());
        }
    }

    private String jsToGrapevine() throws Exception {
        GrapevinePeer grapevine = GrapevinePeer.start();
        closing.add(grapevine);
        GossipsubRouter receiver = pubsub(grapevine);
        AtomicLong count = new AtomicLong();
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        receiver.subscribe(TOPIC, m -> {
            long now = System.nanoTime();
            if (count.getAndIncrement() == 0) {
                first.set(now);
            }
            last.set(now);
        });
        List<JsLibp2pPeer> publishers = new ArrayList<>();
        for (int i = 0; i < JS_PUBLISHERS; i++) {
            JsLibp2pPeer js = startJs();
            js.subscribe(TOPIC);
            js.dial(grapevine.addr());
            publishers.add(js);
        }
        String g = grapevine.peerId().toBase58();
        for (JsLibp2pPeer js : publishers) {
            await().atMost(WAIT).until(() -> js.gossipsub(TOPIC).subscribers().contains(g)
                    && receiver.peers(TOPIC).contains(PeerId.parse(js.peerId())));
        }
        // Warm-up, so the JIT's work is not counted as the receiver's, then a fresh count.
        publishers.stream().map(js -> CompletableFuture.supplyAsync(() -> js.publishMany(TOPIC, WARMUP, SIZE,
                RUN_LIMIT))).toList().forEach(CompletableFuture::join);
        waitQuiet(count::get, (long) WARMUP * JS_PUBLISHERS);
        count.set(0);
        long jvmCpu = jvmCpuNanos();
        ThreadCpu threadsBefore = ThreadCpu.now();
        long jsCpu = publishers.stream().mapToLong(js -> js.cpuTime().toNanos()).sum();
        List<CompletableFuture<JsLibp2pPeer.PublishRun>> runs = publishers.stream()
                .map(js -> CompletableFuture.supplyAsync(() -> js.publishMany(TOPIC, MESSAGES, SIZE, RUN_LIMIT)))
                .toList();
        runs.forEach(CompletableFuture::join);
        long expected = (long) MESSAGES * JS_PUBLISHERS;
        waitQuiet(count::get, expected);
        double seconds = (last.get() - first.get()) / 1e9;
        double publishSeconds = runs.stream().mapToDouble(r -> r.join().seconds()).max().orElse(0);
        double cpu = (jvmCpuNanos() - jvmCpu) / 1e9;
        String byThread = ThreadCpu.now().perMessageSince(threadsBefore, count.get());
        return String.format("js -> Grapevine: %d js publishers x %d, delivered %d (rejected %d) at %.0f msg/s "
                        + "(first to last delivery %.1f s; js publishing took %.1f s); JVM CPU %.1f s = %.0f us per "
                        + "message = %.0f msg/s per core (%s); js CPU %.1f s",
                JS_PUBLISHERS, MESSAGES, count.get(), receiver.stats().rejected(), (count.get() - 1) / seconds,
                seconds, publishSeconds, cpu, cpu * 1e6 / count.get(), count.get() / cpu, byThread,
                (publishers.stream().mapToLong(js -> js.cpuTime().toNanos()).sum() - jsCpu) / 1e9);
    }

    private String grapevineToJs() throws Exception {
        GrapevinePeer grapevine = GrapevinePeer.start();
        closing.add(grapevine);
        GossipsubRouter publisher = pubsub(grapevine);
        publisher.subscribe(TOPIC, m -> { });
        JsLibp2pPeer receiver = startJs();
        receiver.subscribeCounting(TOPIC);
        receiver.dial(grapevine.addr());
        String g = grapevine.peerId().toBase58();
        await().atMost(WAIT).until(() -> receiver.gossipsub(TOPIC).subscribers().contains(g)
                && publisher.peers(TOPIC).contains(PeerId.parse(receiver.peerId())));
        long jvmCpu = jvmCpuNanos();
        long jsCpu = receiver.cpuTime().toNanos();
        long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
        long delivered = 0;
        for (int n = 0; n < MESSAGES && System.nanoTime() < deadline; n++) {
            while (n - delivered >= WINDOW && System.nanoTime() < deadline) {
                delivered = receiver.deliveries(TOPIC).count(); // one round trip, and a pause for js
            }
            publisher.publish(TOPIC, numbered(n));
        }
        JsLibp2pPeer.Deliveries got = waitQuiet(receiver, MESSAGES);
        return String.format("Grapevine -> js: %d published, js delivered %d at %.0f msg/s (first to last delivery "
                        + "%.1f s); JVM CPU %.1f s, js receiver CPU %.1f s = %.0f msg/s per core; Grapevine dropped "
                        + "sends %d",
                MESSAGES, got.count(), got.rate(), (got.lastMs() - got.firstMs()) / 1000,
                (jvmCpuNanos() - jvmCpu) / 1e9, (receiver.cpuTime().toNanos() - jsCpu) / 1e9,
                got.count() / ((receiver.cpuTime().toNanos() - jsCpu) / 1e9),
                publisher.stats().droppedSends());
    }

    private String jsToJs() throws Exception {
        JsLibp2pPeer publisher = startJs();
        JsLibp2pPeer receiver = startJs();
        publisher.subscribe(TOPIC);
        receiver.subscribeCounting(TOPIC);
        publisher.dial(receiver.addrs().getFirst());
        await().atMost(WAIT).until(() -> publisher.gossipsub(TOPIC).subscribers().contains(receiver.peerId()));
        long publisherCpu = publisher.cpuTime().toNanos();
        long receiverCpu = receiver.cpuTime().toNanos();
        JsLibp2pPeer.PublishRun run = publisher.publishMany(TOPIC, MESSAGES, SIZE, RUN_LIMIT);
        JsLibp2pPeer.Deliveries got = waitQuiet(receiver, MESSAGES);
        return String.format("js -> js: %d published (in %.1f s), js delivered %d at %.0f msg/s (first to last "
                        + "delivery %.1f s); js CPU: publisher %.1f s, receiver %.1f s = %.0f msg/s per core",
                run.published(), run.seconds(), got.count(), got.rate(), (got.lastMs() - got.firstMs()) / 1000,
                (publisher.cpuTime().toNanos() - publisherCpu) / 1e9,
                (receiver.cpuTime().toNanos() - receiverCpu) / 1e9,
                got.count() / ((receiver.cpuTime().toNanos() - receiverCpu) / 1e9));
    }

    private GossipsubRouter pubsub(GrapevinePeer peer) {
        Pubsub pubsub = new Pubsub(peer.host(), GossipsubParams.builder()
                .heartbeat(Duration.ofMillis(100), Duration.ofMillis(200)).build()).start();
        closing.add(pubsub);
        return pubsub.router();
    }

    private JsLibp2pPeer startJs() {
        JsLibp2pPeer js = JsLibp2pPeer.start();
        closing.add(js);
        return js;
    }

    private static byte[] numbered(long n) {
        byte[] data = new byte[SIZE];
        ByteBuffer.wrap(data).putLong(n);
        return data;
    }

    /** Waits until {@code expected} arrived or nothing new came for {@link #QUIET}. */
    private static void waitQuiet(java.util.function.LongSupplier count, long expected) throws InterruptedException {
        long seen = -1;
        long since = System.nanoTime();
        while (count.getAsLong() < expected && System.nanoTime() - since < QUIET.toNanos()) {
            long now = count.getAsLong();
            if (now != seen) {
                seen = now;
                since = System.nanoTime();
            }
            Thread.sleep(50);
        }
    }

    private static JsLibp2pPeer.Deliveries waitQuiet(JsLibp2pPeer receiver, long expected) throws InterruptedException {
        waitQuiet(() -> receiver.deliveries(TOPIC).count(), expected);
        return receiver.deliveries(TOPIC);
    }

    private static long jvmCpuNanos() {
        return ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime();
    }
}

package io.grapevine.node.interop;

import io.grapevine.node.identity.PeerId;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * One-stream throughput over TCP + Noise + Yamux on 127.0.0.1 for each pair of implementations, in two modes. Run
 * through docs/bench/throughput.sh.
 * <ul>
 *   <li>one-way ({@value SinkProtocol#ID}, like iperf): the initiator sends the bytes and half-closes; the responder
 *       counts them and their CRC-32 and replies; timed from the first byte to the verified reply.</li>
 *   <li>echo ({@value EchoProtocol#ID}): every byte comes back and is verified, so each side encrypts and decrypts
 *       twice the reported amount.</li>
 * </ul>
 */
public final class ThroughputBench {

    /** One measured pair; each call runs one round on a fresh stream and returns the seconds it took. */
    interface Pair extends AutoCloseable {
        String name();

        double sinkSeconds(long bytes) throws Exception;

        double echoSeconds(long bytes) throws Exception;

        /** CPU seconds used so far by the processes doing this pair's work (the JVM for Grapevine, node for js). */
        double cpuSeconds();
    }

    enum Mode {
        ONE_WAY("one-way"), ECHO("echo");

        final String label;

        Mode(String label) {
            this.label = label;
        }

        double seconds(Pair pair, long bytes) throws Exception {
            return this == ONE_WAY ? pair.sinkSeconds(bytes) : pair.echoSeconds(bytes);
        }
    }

    public static void main(String[] args) throws Exception {
        int mib = intArg(args, "--mib", 256);
        int ggMib = intArg(args, "--gg-mib", 1024);
        int rounds = intArg(args, "--rounds", 3);
        List<Mode> modes = List.of(stringArg(args, "--modes", "one-way,echo").split(",")).stream()
                .map(m -> Mode.valueOf(m.strip().toUpperCase(Locale.ROOT).replace('-', '_'))).toList();
        System.out.printf(Locale.ROOT, "one stream; %d MiB per round Grapevine <-> Grapevine, %d MiB with js; %d rounds "
                + "after a warm-up round; %d cores; MB = 10^6 bytes, MiB = 2^20%n", ggMib, mib, rounds,
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-8s %-24s %12s %12s %12s %18s%n", "mode", "pair (initiator first)",
                "median MB/s", "median MiB/s", "best MiB/s", "MiB per CPU-second");
        String only = stringArg(args, "--pairs", "gg,gj,jg,jj");
        for (String code : only.split(",")) {
            Callable<Pair> start = pair(code.strip());
            int pairMib = code.strip().equals("gg") ? ggMib : mib;
            long bytes = (long) pairMib << 20;
            try (Pair pair = start.call()) {
                for (Mode mode : modes) {
                    mode.seconds(pair, Math.min(bytes, 64L << 20));
                    double[] rates = new double[rounds];
                    double cpuBefore = pair.cpuSeconds();
                    for (int i = 0; i < rounds; i++) {
                        rates[i] = pairMib / mode.seconds(pair, bytes);
                    }
                    // Wall-clock rates depend on what else the shared cores run; MiB per CPU-second of both peers much less.
                    double perCpuSecond = (double) pairMib * rounds / (pair.cpuSeconds() - cpuBefore);
                    Arrays.sort(rates);
                    double median = rates[rounds / 2];
                    System.out.printf(Locale.ROOT, "%-8s %-24s %12.1f %12.1f %12.1f %18.1f%n", mode.label, pair.name(),
                            median * (1 << 20) / 1e6, median, rates[rounds - 1], perCpuSecond);
                }
            }
        }
    }

    /** The pair named by {@code code} (gg, gj, jg, jj: g = Grapevine, j = js, initiator first). */
    private static Callable<Pair> pair(String code) {
        Map<String, Callable<Pair>> all = Map.of("gg", GrapevineToGrapevine::new, "gj", GrapevineToJs::new,
                "jg", JsToGrapevine::new, "jj", JsToJs::new);
        Callable<Pair> pair = all.get(code);
        if (pair == null) {
            throw new IllegalArgumentException("unknown pair " + code + "; expected some of " + all.keySet());
        }
        return pair;
    }

    /** Two Grapevine hosts in this JVM, sharing its cores. */
    static final class GrapevineToGrapevine implements Pair {
        private final GrapevinePeer dialer;
        private final GrapevinePeer listener;

        GrapevineToGrapevine() throws Exception {
            dialer = GrapevinePeer.start();
            listener = GrapevinePeer.start();
            dialer.dial(listener.addr());
        }

        @Override
        public String name() {
            return "Grapevine -> Grapevine";
        }

        @Override
        public double sinkSeconds(long bytes) throws Exception {
            return dialer.sink(listener.peerId(), bytes, Duration.ofMinutes(5));
        }

        @Override
        public double echoSeconds(long bytes) throws Exception {
            return dialer.echo(listener.peerId(), bytes, 1, Duration.ofMinutes(5));
        }

        @Override
        public double cpuSeconds() {
            return jvmCpuSeconds();
        }

        @Override
        public void close() {
            dialer.close();
            listener.close();
        }
    }

    /** Grapevine dials js and sends; js echoes or sinks. */
    static final class GrapevineToJs implements Pair {
        private final GrapevinePeer grapevine;
        private final JsLibp2pPeer js = JsLibp2pPeer.start();

        GrapevineToJs() throws Exception {
            grapevine = GrapevinePeer.start();
            grapevine.dial(js.addrs().getFirst());
        }

        @Override
        public String name() {
            return "Grapevine -> js";
        }

        @Override
        public double sinkSeconds(long bytes) throws Exception {
            return grapevine.sink(PeerId.parse(js.peerId()), bytes, Duration.ofMinutes(5));
        }

        @Override
        public double echoSeconds(long bytes) throws Exception {
            return grapevine.echo(PeerId.parse(js.peerId()), bytes, 1, Duration.ofMinutes(5));
        }

        @Override
        public double cpuSeconds() {
            return jvmCpuSeconds() + seconds(js.cpuTime());
        }

        @Override
        public void close() {
            js.close();
            grapevine.close();
        }
    }

    /** js dials Grapevine and sends; Grapevine echoes or sinks. */
    static final class JsToGrapevine implements Pair {
        private final GrapevinePeer grapevine;
        private final JsLibp2pPeer js = JsLibp2pPeer.start();

        JsToGrapevine() throws Exception {
            grapevine = GrapevinePeer.start();
            js.dial(grapevine.addr());
        }

        @Override
        public String name() {
            return "js -> Grapevine";
        }

        @Override
        public double sinkSeconds(long bytes) {
            return js.sink(grapevine.peerId().toBase58(), bytes, Duration.ofMinutes(5)).seconds();
        }

        @Override
        public double echoSeconds(long bytes) {
            return js.echo(grapevine.peerId().toBase58(), bytes, 1, Duration.ofMinutes(5)).seconds();
        }

        @Override
        public double cpuSeconds() {
            return jvmCpuSeconds() + seconds(js.cpuTime());
        }

        @Override
        public void close() {
            js.close();
            grapevine.close();
        }
    }

    /** js-libp2p to js-libp2p, two node processes; js's own clock times each round. */
    static final class JsToJs implements Pair {
        private final JsLibp2pPeer dialer = JsLibp2pPeer.start();
        private final JsLibp2pPeer listener = JsLibp2pPeer.start();

        JsToJs() {
            dialer.dial(listener.addrs().getFirst());
        }

        @Override
        public String name() {
            return "js -> js";
        }

        @Override
        public double sinkSeconds(long bytes) {
            return dialer.sink(listener.peerId(), bytes, Duration.ofMinutes(5)).seconds();
        }

        @Override
        public double echoSeconds(long bytes) {
            return dialer.echo(listener.peerId(), bytes, 1, Duration.ofMinutes(5)).seconds();
        }

        @Override
        public double cpuSeconds() {
            return seconds(dialer.cpuTime()) + seconds(listener.cpuTime());
        }

        @Override
        public void close() {
            dialer.close();
            listener.close();
        }
    }

    /** The whole JVM's CPU time: both Grapevine hosts, plus the bench's own small share and the JIT and GC. */
    private static double jvmCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static String stringArg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }

    private ThroughputBench() {}
}

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
 * One-stream echo throughput over TCP + Noise + Yamux on 127.0.0.1 for each pair of implementations. Run through
 * docs/bench/throughput.sh. Each round sends {@code --mib} MiB on one stream and verifies the echo; the rate is MiB
 * sent per second (the same bytes also travel back, so each side encrypts and decrypts twice that).
 */
public final class ThroughputBench {

    /** One measured pair: {@code run} sends the given bytes once and returns the seconds it took. */
    interface Pair extends AutoCloseable {
        String name();

        double echoSeconds(long bytes) throws Exception;

        /** CPU seconds used so far by the processes doing this pair's work (the JVM for Grapevine, node for js). */
        double cpuSeconds();
    }

    public static void main(String[] args) throws Exception {
        int mib = intArg(args, "--mib", 256);
        int rounds = intArg(args, "--rounds", 3);
        long bytes = (long) mib << 20;
        System.out.printf(Locale.ROOT, "one stream, %d MiB per round, %d rounds after a warm-up round, %d cores%n",
                mib, rounds, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-28s %12s %12s %18s%n", "pair (echo initiator first)", "median MiB/s",
                "best MiB/s", "MiB per CPU-second");
        String only = stringArg(args, "--pairs", "gg,gj,jg,jj");
        for (Callable<Pair> start : pairs(List.of(only.split(",")))) {
            try (Pair pair = start.call()) {
                pair.echoSeconds(Math.min(bytes, 64L << 20));
                double[] rates = new double[rounds];
                double cpuBefore = pair.cpuSeconds();
                for (int i = 0; i < rounds; i++) {
                    rates[i] = mib / pair.echoSeconds(bytes);
                }
                // Wall-clock rates depend on what else the shared cores run; MiB per CPU-second of both peers much less.
                double perCpuSecond = (double) mib * rounds / (pair.cpuSeconds() - cpuBefore);
                Arrays.sort(rates);
                System.out.printf(Locale.ROOT, "%-28s %12.1f %12.1f %18.1f%n", pair.name(), rates[rounds / 2],
                        rates[rounds - 1], perCpuSecond);
            }
        }
    }

    /**
     * The pairs named in {@code codes} (gg, gj, jg, jj: g = Grapevine, j = js, initiator first), in that order.
     * Started one at a time, so an idle pair never competes with the measured one.
     */
    private static List<Callable<Pair>> pairs(List<String> codes) {
        Map<String, Callable<Pair>> all = Map.of("gg", GrapevineToGrapevine::new, "gj", GrapevineToJs::new,
                "jg", JsToGrapevine::new, "jj", JsToJs::new);
        return codes.stream().map(code -> {
            Callable<Pair> pair = all.get(code.strip());
            if (pair == null) {
                throw new IllegalArgumentException("unknown pair " + code + "; expected some of " + all.keySet());
            }
            return pair;
        }).toList();
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

    /** Grapevine dials js and sends; js echoes. */
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

    /** js dials Grapevine and sends; Grapevine echoes. */
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

    /** js-libp2p to js-libp2p, two node processes; js's own clock times the echo. */
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

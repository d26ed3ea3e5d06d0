package io.grapevine.node.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.p2p.host.HostConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Catch-up measurements over two real hosts on 127.0.0.1 (a measurement, not a timed test; run by
 * docs/bench/sync-bench.sh, or with -Dbench=true): (a) an empty node catches up N records of ~500 bytes;
 * (b) two nodes with N records differing by 10. Prints one line per run.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class SyncBenchmarkTest {
    private static final int N = Integer.getInteger("bench.items", 100_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    @Test
    void catchUp() throws Exception {
        try (Host a = host(); Host b = host()) {
            a.dial(b.listenAddresses().getFirst()).get(10, TimeUnit.SECONDS);
            byte[][] items = new byte[N + 20][];
            long raw = 0;
            for (int i = 0; i < items.length; i++) {
                items[i] = TestRecords.item(i, 400 + (i * 7919) % 200); // 400..599 bytes, ~500 on average
            }
            for (int i = 0; i < N; i++) {
                raw += items[i].length;
            }
            run(a, b, items, 10_000, 0, "warm-up (a)");
            for (int r = 0; r < ROUNDS; r++) {
                SyncResult res = run(a, b, items, N, 0, "(a) empty catches up");
                report("(a)", res, raw);
            }
            for (int r = 0; r < ROUNDS; r++) {
                SyncResult res = run(a, b, items, N, 5, "(b) 5+5 differences");
                report("(b) 5+5", res, 0);
            }
            for (int r = 0; r < ROUNDS; r++) {
                SyncResult res = run(a, b, items, N, 10, "(b) 10 missing");
                report("(b) 10 one way", res, 0);
            }
        }
    }

    /**
     * Bob holds {@code n} items; alice holds none ({@code diff == 0}), or the same n minus {@code diff} of them,
     * plus (for 5+5) 5 bob lacks. Alice initiates.
     */
    private SyncResult run(Host a, Host b, byte[][] items, int n, int diff, String label) throws Exception {
        InMemorySyncStore alice = TestRecords.store();
        InMemorySyncStore bob = TestRecords.store();
        for (int i = 0; i < n; i++) {
            bob.add(items[i]);
        }
        if (diff > 0) {
            for (int i = 0; i < n; i++) {
                if (i % (n / diff) != 17) {
                    alice.add(items[i]);
                }
            }
            if (label.contains("5+5")) {
                for (int i = 0; i < 5; i++) {
                    alice.add(items[n + i]);
                }
            }
        }
        try (SyncService as = new SyncService(a, SyncConfig.defaults());
                SyncService bs = new SyncService(b, SyncConfig.defaults())) {
            TimedStore ta = new TimedStore(alice);
            TimedStore tb = new TimedStore(bob);
            as.addSet("announce", ta);
            bs.addSet("announce", tb);
            as.register();
            bs.register();
            SyncResult r = as.sync(b.peerId(), "announce").get(120, TimeUnit.SECONDS);
            assertThat(alice.fingerprint(SyncKey.MIN, SyncKey.MAX)).isEqualTo(bob.fingerprint(SyncKey.MIN, SyncKey.MAX));
            System.out.printf("SYNC-BENCH-STORE %s alice store ms=%.0f bob store ms=%.0f%n", label,
                    ta.nanos.get() / 1e6, tb.nanos.get() / 1e6);
            return r;
        }
    }

    /** Time spent in the store (validation, SHA-256, index) apart from the protocol and the network. */
    private record TimedStore(SyncStore store, java.util.concurrent.atomic.AtomicLong nanos) implements SyncStore {
        TimedStore(SyncStore store) {
            this(store, new java.util.concurrent.atomic.AtomicLong());
        }

        private <T> T timed(java.util.function.Supplier<T> call) {
            long t0 = System.nanoTime();
            try {
                return call.get();
            } finally {
                nanos.addAndGet(System.nanoTime() - t0);
            }
        }

        @Override
        public int count(SyncKey lower, SyncKey upper) {
            return timed(() -> store.count(lower, upper));
        }

        @Override
        public byte[] fingerprint(SyncKey lower, SyncKey upper) {
            return timed(() -> store.fingerprint(lower, upper));
        }

        @Override
        public java.util.List<SyncKey> keys(SyncKey lower, SyncKey upper, int offset, int limit) {
            return timed(() -> store.keys(lower, upper, offset, limit));
        }

        @Override
        public byte[] get(byte[] id) {
            return timed(() -> store.get(id));
        }

        @Override
        public AcceptResult accept(byte[] record) {
            return timed(() -> store.accept(record));
        }
    }

    private static void report(String what, SyncResult r, long raw) {
        long total = r.bytesIn() + r.bytesOut();
        System.out.printf("SYNC-BENCH %s items=%d received=%d sent=%d seconds=%.3f bytesIn=%d bytesOut=%d total=%d"
                        + " rounds=%d%s%n", what, N, r.received(), r.sent(), r.duration().toNanos() / 1e9, r.bytesIn(),
                r.bytesOut(), total, r.rounds(),
                raw > 0 ? String.format(" rawMissing=%d ratio=%.4f", raw, (double) total / raw) : "");
    }

    private static Host host() throws Exception {
        Host host = new Host(HostConfig.builder(Ed25519PrivateKey.generate())
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).ioThreads(1).ping(Duration.ZERO, 3).build());
        host.start();
        return host;
    }
}

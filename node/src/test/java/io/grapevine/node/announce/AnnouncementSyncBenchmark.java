package io.grapevine.node.announce;

import io.grapevine.node.announce.proto.Announcement;
import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.identity.PrivateKey;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.p2p.host.HostConfig;
import io.grapevine.node.p2p.host.PeerStore;
import io.grapevine.node.pubsub.gossipsub.GossipsubParams;
import io.grapevine.node.pubsub.gossipsub.GossipsubRouter;
import io.grapevine.node.search.SearchService;
import io.grapevine.node.storage.AnnouncementStore;
import io.grapevine.node.storage.ContentDatabase;
import io.grapevine.node.sync.SyncConfig;
import io.grapevine.node.sync.SyncKey;
import io.grapevine.node.sync.SyncResult;
import io.grapevine.node.sync.SyncService;
import io.grapevine.node.sync.SyncStore;
import io.grapevine.node.content.ContentIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Catch-up of real announcements (signed, stamped at difficulty 8, every gossip rule checked on receipt, stored in
 * RocksDB and indexed in Lucene) between two hosts on 127.0.0.1: (a) an empty node catches up N from one peer;
 * (b) a node lacking 10 of N. A measurement, run by docs/bench/sync-bench.sh announce, or with -Dbench=true. The
 * records are generated once into node/target/ and reused.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class AnnouncementSyncBenchmark {
    private static final int N = Integer.getInteger("bench.items", 100_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 2);
    private static final int DIFFICULTY = 8;
    private static final String SET = "announce";
    private static final String[] WORDS = ("river delta survey field recording night train lecture notes gossip "
            + "protocol harbour winter market sunrise glacier lake forest archive concert poster atlas").split(" ");

    @TempDir
    Path tmp;

    @Test
    void catchUp() throws Exception {
        List<byte[]> records = records(N);
        long raw = records.stream().mapToLong(r -> r.length).sum();
        try (Side bob = Side.open(tmp.resolve("bob"))) {
            bob.load(records, -1);
            for (int r = 0; r <= ROUNDS; r++) {
                try (Side alice = Side.open(tmp.resolve("alice-a" + r))) {
                    SyncResult res = alice.syncWith(bob);
                    report(r == 0 ? "(a) first run (cold JIT)" : "(a) empty catches up", res, raw, alice);
                    assertThat(alice.set.size()).isEqualTo(N);
                    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                            .until(() -> alice.search.size() == N);
                }
            }
            for (int r = 0; r < ROUNDS; r++) {
                try (Side alice = Side.open(tmp.resolve("alice-b" + r))) {
                    alice.load(records, 10);
                    SyncResult res = alice.syncWith(bob);
                    report("(b) 10 missing", res, 0, alice);
                    assertThat(res.received()).isEqualTo(10);
                    assertThat(alice.set.fingerprint(SyncKey.MIN, SyncKey.MAX))
                            .isEqualTo(bob.set.fingerprint(SyncKey.MIN, SyncKey.MAX));
                }
            }
        }
    }

    private static void report(String what, SyncResult r, long raw, Side alice) {
        long total = r.bytesIn() + r.bytesOut();
        System.out.printf("SYNC-BENCH-ANNOUNCE %s items=%d received=%d invalid=%d seconds=%.3f acceptSeconds=%.3f "
                        + "cpuSeconds=%.3f bytesIn=%d bytesOut=%d total=%d rounds=%d%s%n", what, N, r.received(), r.invalid(),
                r.duration().toNanos() / 1e9, alice.acceptNanos.get() / 1e9, alice.cpuNanos / 1e9, r.bytesIn(), r.bytesOut(), total,
                r.rounds(), raw > 0 ? String.format(" rawMissing=%d ratio=%.4f", raw, (double) total / raw) : "");
    }

    /** N announcements by 100 publishers over the last day, cached in node/target between runs. */
    private static List<byte[]> records(int n) throws IOException {
        Path cache = Path.of("target", "bench-announcements-" + n + "-d" + DIFFICULTY + ".bin");
        if (Files.exists(cache)) {
            List<byte[]> out = new ArrayList<>(n);
            try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(cache)))) {
                for (int i = 0; i < n; i++) out.add(in.readNBytes(in.readInt()));
            }
            long oldest = AnnounceCodec.decode(out.getFirst()).getAnnouncement().getCreatedAt();
            if (oldest > System.currentTimeMillis() - Duration.ofDays(300).toMillis()) return out;
        }
        long t0 = System.nanoTime();
        PrivateKey[] keys = IntStream.range(0, 100).mapToObj(i -> Ed25519PrivateKey.generate()).toArray(PrivateKey[]::new);
        long start = System.currentTimeMillis() - Duration.ofDays(1).toMillis();
        List<byte[]> out = IntStream.range(0, n).parallel().mapToObj(i -> {
            Clock at = Clock.fixed(Instant.ofEpochMilli(start + i * (Duration.ofHours(23).toMillis() / n)), ZoneOffset.UTC);
            String title = WORDS[i % WORDS.length] + " " + WORDS[(i / 7) % WORDS.length] + " " + i;
            Announcement a = new AnnouncementAuthor(keys[i % keys.length], DIFFICULTY, at)
                    .announce(AnnounceFixtures.draft(AnnounceFixtures.contentId("bench-" + i), title));
            return AnnounceCodec.encode(a);
        }).toList();
        Files.createDirectories(cache.getParent());
        try (DataOutputStream o = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(cache)))) {
            for (byte[] r : out) {
                o.writeInt(r.length);
                o.write(r);
            }
        }
        System.out.printf("SYNC-BENCH-ANNOUNCE generated %d announcements in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
        return out;
    }

    /** One node's catch-up stack: host, RocksDB store, Lucene index, the checker and the sync set. */
    private static final class Side implements AutoCloseable {
        final Host host;
        final ContentDatabase db;
        final AnnouncementStore store;
        final SearchService search;
        final GossipsubRouter router;
        final AnnouncementService service;
        final AnnouncementSyncStore set;
        final SyncService sync;
        final AtomicLong acceptNanos = new AtomicLong();
        long cpuNanos;

        private Side(Path home) throws Exception {
            PrivateKey key = Ed25519PrivateKey.generate();
            host = new Host(HostConfig.builder(key).listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).build());
            db = ContentDatabase.open(home);
            store = new AnnouncementStore(db);
            search = SearchService.open(home.resolve("index"), store);
            router = new GossipsubRouter(key, GossipsubParams.defaults(), p -> { });
            AnnouncementChecker checker = new AnnouncementChecker(store, DIFFICULTY, Duration.ofDays(365),
                    Clock.systemUTC(), AnnouncementPolicy.ALLOW_ALL);
            service = new AnnouncementService(store, checker, new AnnouncementAuthor(key, DIFFICULTY, Clock.systemUTC()),
                    search, new ProviderDirectory(PeerStore.inMemory(10), id -> Optional.empty()), router);
            set = new AnnouncementSyncStore(store, service);
            sync = new SyncService(host, SyncConfig.defaults());
            sync.addSet(SET, new Timed(set, acceptNanos));
            sync.register();
            host.start();
        }

        static Side open(Path home) throws Exception {
            return new Side(home);
        }

        /** Puts the records straight into the store (a sender's records passed the rules when it took them). */
        void load(List<byte[]> records, int leaveOut) {
            for (int i = 0; i < records.size(); i++) {
                if (leaveOut > 0 && i % (records.size() / leaveOut) == 17) continue;
                byte[] data = records.get(i);
                Announcement a = AnnounceCodec.decode(data).getAnnouncement();
                store.put(a.getContentId().toByteArray(), a.getCreatedAt(), ContentIds.digest(data, 0, data.length), data);
            }
        }

        SyncResult syncWith(Side peer) throws Exception {
            host.dial(peer.host.listenAddresses().getFirst()).get(10, TimeUnit.SECONDS);
            long cpu = processCpuNanos();
            SyncResult r = sync.sync(peer.host.peerId(), SET).get(300, TimeUnit.SECONDS);
            cpuNanos = processCpuNanos() - cpu;
            return r;
        }

        /** CPU time of the whole process (both sides): on a shared machine, wall time says more about the load. */
        static long processCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime();
        }

        @Override
        public void close() {
            sync.close();
            service.close();
            search.close();
            router.close();
            host.close();
            db.close();
        }
    }

    /** Counts the time the receiving side spends validating, storing and indexing. */
    private record Timed(AnnouncementSyncStore store, AtomicLong nanos) implements SyncStore {
        @Override public int count(SyncKey lower, SyncKey upper) { return store.count(lower, upper); }
        @Override public byte[] fingerprint(SyncKey lower, SyncKey upper) { return store.fingerprint(lower, upper); }
        @Override public List<SyncKey> keys(SyncKey l, SyncKey u, int offset, int limit) { return store.keys(l, u, offset, limit); }
        @Override public byte[] get(byte[] id) { return store.get(id); }
        @Override public AcceptResult accept(byte[] record) { return acceptAll(List.of(record)).getFirst(); }

        @Override
        public List<AcceptResult> acceptAll(List<byte[]> records) {
            long t0 = System.nanoTime();
            try {
                return store.acceptAll(records);
            } finally {
                nanos.addAndGet(System.nanoTime() - t0);
            }
        }
    }
}

package io.grapevine.node.download;

import io.grapevine.node.content.Chunker;
import io.grapevine.node.content.EncodedManifest;
import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.p2p.host.HostConfig;
import io.grapevine.node.storage.ChunkStore;
import io.grapevine.node.storage.ContentDatabase;
import io.grapevine.node.storage.ManifestStore;
import io.grapevine.node.transfer.ChunksService;
import io.grapevine.node.transfer.ContentCatalog;
import io.grapevine.node.transfer.PeerPenalties;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Not a test: downloads a random file of {@code args[0]} MiB (1 MiB chunks) from {@code args[1]} seeders through the
 * DownloadManager, all hosts in this JVM on 127.0.0.1, and prints the rate from start to the renamed output file.
 * Seeders serve from the shared file itself, as a node's share does. {@code args[2] = warm}: first download a
 * separate 128 MiB file untimed, so the timed run measures a warmed-up JVM (a daemon that has run for a while)
 * rather than one compiling its hot paths during the transfer (cold, the default).
 */
public final class DownloadBenchmark {
    private DownloadBenchmark() {
    }

    /** user+system clock ticks (1/100 s) of this process's threads, by name with digits folded. */
    static java.util.Map<String, Long> threadTicks() throws java.io.IOException {
        java.util.Map<String, Long> ticks = new java.util.TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(t.resolve("stat"));
                } catch (java.io.IOException gone) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "N");
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
            }
        }
        return ticks;
    }

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int seeders = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        boolean warm = args.length > 2 && args[2].equals("warm");
        Path tmp = Files.createTempDirectory("grapevine-download-bench");
        List<AutoCloseable> closing = new ArrayList<>();
        try {
            Path file = randomFile(tmp.resolve("random.bin"), mib, 1);
            Path warmup = warm ? randomFile(tmp.resolve("warmup.bin"), 128, 2) : null;
            List<Multiaddr> providers = new ArrayList<>();
            Cid contentId = null;
            Cid warmupId = null;
            for (int s = 0; s < seeders; s++) {
                ContentDatabase db = ContentDatabase.open(Files.createDirectories(tmp.resolve("seeder" + s)));
                ExecutorService store = Executors.newFixedThreadPool(2);
                ChunkStore chunks = new ChunkStore(db);
                ManifestStore manifests = new ManifestStore(db);
                contentId = shareInPlace(file, chunks, manifests);
                if (warm) {
                    warmupId = shareInPlace(warmup, chunks, manifests);
                }
                Host host = host();
                new ChunksService(chunks, new ContentCatalog(manifests), store).register(host);
                providers.add(host.listenAddresses().getFirst());
                closing.add(db);
                closing.add(() -> {
                    store.shutdown();
                    store.awaitTermination(10, TimeUnit.SECONDS);
                });
                closing.add(host);
            }
            ContentDatabase db = ContentDatabase.open(Files.createDirectories(tmp.resolve("leecher")));
            ExecutorService store = Executors.newFixedThreadPool(2);
            Host host = host();
            closing.add(db);
            closing.add(() -> {
                store.shutdown();
                store.awaitTermination(10, TimeUnit.SECONDS);
            });
            closing.add(host);
            DownloadManager manager = DownloadManager.open(host, db, new ChunkStore(db), new ManifestStore(db),
                    new PeerPenalties(), store, DownloadSettings.defaults());
            closing.add(manager);
            if (warm) {
                long t = System.nanoTime();
                manager.start(warmupId, providers, tmp.resolve("warmup-out")).completion().get(30, TimeUnit.MINUTES);
                System.out.printf("warm-up: 128 MiB in %.2f s (not timed below)%n", (System.nanoTime() - t) / 1e9);
            }
            // CPU time of the whole JVM (seeders and leecher) during the download: on a shared machine the wall-clock
            // rate follows the load, MiB per CPU-second much less.
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean();
            long cpuStart = os.getProcessCpuTime();
            java.util.Map<String, Long> threadsBefore = threadTicks();
            long start = System.nanoTime();
            Download d = manager.start(contentId, providers, tmp.resolve("out"));
            d.completion().get(30, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
            System.out.printf("%s: %d MiB from %d seeder(s): %.2f s, %.1f MiB/s, %.1f CPU-s, %.1f MiB per CPU-second, "
                    + "load %.1f (chunks by peer: %s)%n", warm ? "WARM JVM" : "cold JVMs", mib, seeders, seconds, mib / seconds, cpu, mib / cpu,
                    os.getSystemLoadAverage(), d.chunksByPeer().values());
            // Per thread group (Linux /proc, native RocksDB threads included), CPU seconds during the download.
            java.util.Map<String, Long> after = threadTicks();
            after.forEach((name, t) -> after.put(name, t - threadsBefore.getOrDefault(name, 0L)));
            after.entrySet().stream().filter(e -> e.getValue() > 0)
                    .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> System.out.printf("  %-24s %6.2f CPU-s%n", e.getKey(), e.getValue() / 100.0));
        } finally {
            for (int i = closing.size() - 1; i >= 0; i--) {
                closing.get(i).close();
            }
            try (Stream<Path> walk = Files.walk(tmp)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Path randomFile(Path file, int mib, long seed) throws java.io.IOException {
        Random random = new Random(seed);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < mib; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        return file;
    }

    /** As a node's share: the chunks stay in {@code file}, the store indexes them there. */
    private static Cid shareInPlace(Path file, ChunkStore chunks, ManifestStore manifests) throws Exception {
        EncodedManifest encoded = new Chunker().chunk(file, (i, id, d) -> { });
        manifests.put(encoded);
        var m = io.grapevine.node.content.ManifestCodec.resolve(encoded);
        Path base = file.toAbsolutePath().getParent();
        long key = ChunkStore.fileSetKey(m.id(), base);
        chunks.putFiles(key, io.grapevine.node.storage.ChunkFiles.complete(base, m.files()));
        for (int i = 0; i < m.chunkCount(); i++) {
            chunks.putInFile(m.chunkId(i), key, m.chunkOffset(i), m.chunkLength(i));
        }
        return encoded.id();
    }

    private static Host host() throws Exception {
        Host host = new Host(HostConfig.builder(Ed25519PrivateKey.generate())
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).ioThreads(1).ping(Duration.ZERO, 3).build());
        host.start();
        return host;
    }
}

package io.grapevine.node.storage;

import io.grapevine.node.content.ContentIds;
import io.grapevine.node.multiformats.Cid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * SHA-256 and ChunkStore put/get throughput at candidate chunk sizes, printed to stdout (a measurement, not a test).
 * Run with {@code java -cp <test classpath> io.grapevine.node.storage.ChunkSizeBenchmark [MiB per size]}.
 * Results and the choice they led to: docs/content.md, "Chunk size".
 */
public final class ChunkSizeBenchmark {
    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 512;
        System.out.println("JDK " + Runtime.version() + ", " + mib + " MiB per size");
        for (int size : new int[] {256 << 10, 1 << 20, 4 << 20}) {
            run(size, mib << 20);
        }
    }

    private static void run(int size, long volume) throws Exception {
        int n = (int) (volume / size);
        byte[][] data = new byte[Math.min(n, 64)][size];
        Random random = new Random(size);
        for (byte[] d : data) {
            random.nextBytes(d);
        }
        MessageDigest md = ContentIds.sha256();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            md.update(data[i % data.length]);
            md.digest();
        }
        double sha = rate(volume, t0);

        Path home = Files.createTempDirectory("grapevine-bench");
        try {
            double put;
            double get;
            double has;
            try (ContentDatabase db = ContentDatabase.open(home)) {
                ChunkStore store = new ChunkStore(db);
                List<Cid> ids = new ArrayList<>(n);
                t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    // Unique chunks: vary the first bytes so every put is a new key.
                    byte[] d = data[i % data.length];
                    d[0] = (byte) i;
                    d[1] = (byte) (i >> 8);
                    d[2] = (byte) (i >> 16);
                    Cid id = ContentIds.chunkId(d);
                    store.put(id, d);
                    ids.add(id);
                }
                put = rate(volume, t0);
                t0 = System.nanoTime();
                for (Cid id : ids) {
                    if (store.get(id) == null) {
                        throw new IllegalStateException("lost " + id);
                    }
                }
                get = rate(volume, t0);
                t0 = System.nanoTime();
                for (Cid id : ids) {
                    store.has(id);
                }
                has = (System.nanoTime() - t0) / 1e3 / n;
            }
            System.out.printf("chunk %5d KiB: sha256 %6.0f MiB/s  put(verify+write) %6.0f MiB/s  get %6.0f MiB/s"
                    + "  has %.1f us  (%d chunks)%n", size >> 10, sha, put, get, has, n);
        } finally {
            try (Stream<Path> walk = Files.walk(home)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double rate(long bytes, long t0) {
        return bytes / 1048576.0 / ((System.nanoTime() - t0) / 1e9);
    }
}

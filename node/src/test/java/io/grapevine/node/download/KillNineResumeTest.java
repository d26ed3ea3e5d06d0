package io.grapevine.node.download;

import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.node.content.Chunker;
import io.grapevine.node.content.ContentManifest;
import io.grapevine.node.content.EncodedManifest;
import io.grapevine.node.content.ManifestCodec;
import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.p2p.host.HostConfig;
import io.grapevine.node.storage.ChunkStore;
import io.grapevine.node.storage.ContentDatabase;
import io.grapevine.node.storage.ManifestStore;
import io.grapevine.node.transfer.ChunksService;
import io.grapevine.node.transfer.ContentCatalog;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leecher in a child JVM is killed with SIGKILL at three random moments and restarted each time: the final file is
 * byte-exact and no chunk verified before a kill is requested again after it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KillNineResumeTest {
    private static final int CS = 64 * 1024;
    private static final int CHUNKS = 200;

    @TempDir
    Path tmp;

    @Test
    void aLeecherKilledThreeTimesResumesWithoutRefetching() throws Exception {
        byte[] data = new byte[CHUNKS * CS - 99];
        new Random(11).nextBytes(data);
        Path file = Files.write(tmp.resolve("film.mkv"), data);
        ExecutorService seederStore = Executors.newFixedThreadPool(2);
        ContentDatabase seederDb = ContentDatabase.open(Files.createDirectories(tmp.resolve("seeder")));
        Host seeder = new Host(HostConfig.builder(Ed25519PrivateKey.generate())
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).ioThreads(1).ping(Duration.ZERO, 3).build());
        try {
            ChunkStore seederChunks = new ChunkStore(seederDb);
            ManifestStore seederManifests = new ManifestStore(seederDb);
            EncodedManifest encoded = new Chunker(CS).chunk(file, (i, id, d) -> seederChunks.put(id, d));
            seederManifests.put(encoded);
            ContentManifest manifest = ManifestCodec.resolve(encoded);
            seeder.start();
            // 10 ms per chunk read keeps a run going for a second or so, long enough to be killed mid-way.
            new ChunksService(seederChunks, new ContentCatalog(seederManifests), r -> seederStore.execute(() -> {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                r.run();
            })).register(seeder);

            Path home = Files.createDirectories(tmp.resolve("leecher"));
            Path out = tmp.resolve("out");
            Random random = new Random();
            List<BitSet> storedBeforeRun = new ArrayList<>();
            List<BitSet> requestedInRun = new ArrayList<>();
            storedBeforeRun.add(new BitSet());
            for (int run = 0; run < 4; run++) {
                boolean last = run == 3;
                // Kill once this run has verified 10-19 more chunks than were stored before it, plus a random delay.
                int killAt = last ? Integer.MAX_VALUE
                        : storedBeforeRun.get(run).cardinality() + 10 + random.nextInt(10);
                BitSet requested = new BitSet();
                requestedInRun.add(requested);
                Process child = new ProcessBuilder(javaBin(), "--enable-native-access=ALL-UNNAMED", "-cp",
                        System.getProperty("java.class.path"), LeecherProcess.class.getName(), home.toString(),
                        manifest.id().toString(), seeder.listenAddresses().getFirst().toString(), out.toString())
                        .redirectError(tmp.resolve("child-" + run + ".err").toFile()).start();
                AtomicInteger verified = new AtomicInteger();
                AtomicBoolean done = new AtomicBoolean();
                Thread reader = Thread.ofPlatform().daemon().start(() -> {
                    try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                            StandardCharsets.UTF_8))) {
                        for (String line; (line = in.readLine()) != null; ) {
                            if (line.startsWith("req ")) {
                                synchronized (requested) {
                                    requested.set(Integer.parseInt(line.substring(4)));
                                }
                            } else if (line.startsWith("verified ")) {
                                verified.set(Integer.parseInt(line.substring(9)));
                            } else if (line.equals("done")) {
                                done.set(true);
                            }
                        }
                    } catch (Exception ignored) {
                        // the child was killed
                    }
                });
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (child.isAlive() && verified.get() < killAt && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                if (!last) {
                    Thread.sleep(random.nextInt(20));
                    assertThat(child.isAlive()).as("run %d finished before it could be killed", run).isTrue();
                    child.destroyForcibly(); // SIGKILL on Unix
                }
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                reader.join(5000);
                if (last) {
                    assertThat(child.exitValue()).as(Files.readString(tmp.resolve("child-" + run + ".err")))
                            .isZero();
                    assertThat(done.get()).isTrue();
                } else {
                    // Killed: never a file under its final name.
                    assertThat(Files.exists(out.resolve("film.mkv"))).isFalse();
                    storedBeforeRun.add(stored(home, manifest));
                }
            }
            for (int run = 0; run < requestedInRun.size(); run++) {
                System.out.printf("run %d: %d chunks stored before it, %d requested in it%n", run,
                        storedBeforeRun.get(run).cardinality(), requestedInRun.get(run).cardinality());
            }
            for (int run = 1; run < requestedInRun.size(); run++) {
                BitSet again = (BitSet) requestedInRun.get(run).clone();
                again.and(storedBeforeRun.get(run));
                assertThat(again.cardinality()).as("run %d re-requested verified chunks %s", run, again).isZero();
                assertThat(storedBeforeRun.get(run).cardinality()).as("progress before kill %d", run)
                        .isGreaterThan(storedBeforeRun.get(run - 1).cardinality());
            }
            assertThat(sha256(out.resolve("film.mkv"))).isEqualTo(sha256(file));
            try (var files = Files.list(out)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactly("film.mkv");
            }
        } finally {
            seeder.close();
            seederStore.shutdown();
            seederStore.awaitTermination(10, TimeUnit.SECONDS);
            seederDb.close();
        }
    }

    private static BitSet stored(Path home, ContentManifest manifest) {
        // The killed child's RocksDB lock is gone with its process; open, read what survived, close.
        try (ContentDatabase db = ContentDatabase.open(home)) {
            ChunkStore chunks = new ChunkStore(db);
            BitSet bits = new BitSet();
            for (int i = 0; i < manifest.chunkCount(); i++) {
                if (chunks.has(manifest.chunkId(i))) {
                    bits.set(i);
                }
            }
            return bits;
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String sha256(Path f) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }
}

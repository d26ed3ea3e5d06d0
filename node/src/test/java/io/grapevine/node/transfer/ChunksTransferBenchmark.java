package io.grapevine.node.transfer;

import io.grapevine.node.content.Chunker;
import io.grapevine.node.content.ContentManifest;
import io.grapevine.node.content.EncodedManifest;
import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.p2p.host.HostConfig;
import io.grapevine.node.storage.ChunkStore;
import io.grapevine.node.storage.ContentDatabase;
import io.grapevine.node.storage.ManifestStore;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * One seeder, one leecher on 127.0.0.1 over {@code /grapevine/chunks/1}: manifest fetch, then all chunks through one
 * client, verified and stored (a measurement, not a test). Run with
 * {@code java -cp <test classpath> io.grapevine.node.transfer.ChunksTransferBenchmark [MiB] [window]}.
 */
public final class ChunksTransferBenchmark {
    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        int window = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        Path tmp = Files.createTempDirectory("grapevine-transfer-bench");
        try {
            Path file = tmp.resolve("random.bin");
            try (OutputStream out = Files.newOutputStream(file)) {
                byte[] block = new byte[1 << 20];
                Random random = new Random(1);
                for (int i = 0; i < mib; i++) {
                    random.nextBytes(block);
                    out.write(block);
                }
            }
            try (ContentDatabase seederDb = ContentDatabase.open(Files.createDirectories(tmp.resolve("s")));
                    ContentDatabase leecherDb = ContentDatabase.open(Files.createDirectories(tmp.resolve("l")));
                    Host seeder = host(); Host leecher = host()) {
                ChunkStore seederChunks = new ChunkStore(seederDb);
                java.util.concurrent.ExecutorService reader = java.util.concurrent.Executors.newFixedThreadPool(2);
                EncodedManifest encoded = new Chunker().chunk(file, (i, id, d) -> seederChunks.put(id, d));
                ManifestStore manifests = new ManifestStore(seederDb);
                manifests.put(encoded);
                new ChunksService(seederChunks, new ContentCatalog(manifests), reader).register(seeder);
                leecher.dial(seeder.listenAddresses().getFirst()).get(10, TimeUnit.SECONDS);
                PeerPenalties penalties = new PeerPenalties();
                java.util.concurrent.ExecutorService verifier = java.util.concurrent.Executors.newFixedThreadPool(2);
                long t0 = System.nanoTime();
                ContentManifest m = ManifestFetcher.fetch(leecher, seeder.peerId(), encoded.id(),
                        new ManifestStore(leecherDb), penalties, Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
                ChunksClient client = ChunksClient.open(leecher, seeder.peerId(), m, new ChunkStore(leecherDb),
                        penalties, window, Duration.ofSeconds(30), verifier).get(10, TimeUnit.SECONDS);
                FetchResult r = client.fetch(IntStream.range(0, m.chunkCount()).boxed().toList())
                        .get(10, TimeUnit.MINUTES);
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf("%d MiB, %d chunks of %d KiB, window %d: %.2f s, %.0f MiB/s (%d stored)%n", mib,
                        m.chunkCount(), m.chunkSize() >> 10, window, seconds, mib / seconds, r.stored().size());
                client.close();
                verifier.shutdown();
                reader.shutdown();
            }
        } finally {
            try (Stream<Path> walk = Files.walk(tmp)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Host host() throws Exception {
        Host host = new Host(HostConfig.builder(Ed25519PrivateKey.generate())
                .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).ioThreads(1).ping(Duration.ZERO, 3).build());
        host.start();
        return host;
    }

    private ChunksTransferBenchmark() {
    }

}

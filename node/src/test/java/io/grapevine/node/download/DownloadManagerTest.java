package io.grapevine.node.download;

import io.grapevine.node.content.ContentAssembler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grapevine.node.content.Chunker;
import io.grapevine.node.content.ContentIds;
import io.grapevine.node.content.ContentManifest;
import io.grapevine.node.content.EncodedManifest;
import io.grapevine.node.content.ManifestCodec;
import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.p2p.host.HostConfig;
import io.grapevine.node.storage.ChunkStore;
import io.grapevine.node.storage.ContentDatabase;
import io.grapevine.node.storage.DownloadStore;
import io.grapevine.node.storage.ManifestStore;
import io.grapevine.node.storage.PinStore;
import io.grapevine.node.transfer.ChunksProtocol;
import io.grapevine.node.transfer.ChunksService;
import io.grapevine.node.transfer.ContentCatalog;
import io.grapevine.node.transfer.InflightBudget;
import io.grapevine.node.transfer.PeerPenalties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DownloadManagerTest {
    private static final int CS = 64 * 1024;
    private static final DownloadSettings FAST = new DownloadSettings(4, 8, 2, 3, 8, Duration.ofSeconds(10),
            Duration.ofSeconds(10), Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofMillis(100),
            InflightBudget.DEFAULT_LIMIT);
    /** Gives up on a silent peer after 300 ms and two tries. */
    private static final DownloadSettings SHORT_STALL = new DownloadSettings(4, 8, 2, 3, 2, Duration.ofMillis(300),
            Duration.ofSeconds(10), Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofMillis(100),
            InflightBudget.DEFAULT_LIMIT);

    @TempDir
    Path tmp;

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final PeerPenalties penalties = new PeerPenalties();

    /** A node's storage and host; {@code storeDelayMs} slows the responder's store reads so tests can act mid-way. */
    private final class Node {
        final Host host;
        ContentDatabase db;
        ChunkStore chunks;
        ManifestStore manifests;
        ExecutorService store;
        final Path home;

        Node(String name, long storeDelayMs) throws Exception {
            home = Files.createDirectories(tmp.resolve(name));
            openStorage();
            host = new Host(HostConfig.builder(Ed25519PrivateKey.generate())
                    .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).ioThreads(1).ping(Duration.ZERO, 3).build());
            host.start();
            Executor responder = storeDelayMs == 0 ? store : r -> store.execute(() -> {
                sleep(storeDelayMs);
                r.run();
            });
            new ChunksService(chunks, new ContentCatalog(manifests), responder).register(host);
            closing.add(this::close);
        }

        void openStorage() {
            db = ContentDatabase.open(home);
            chunks = new ChunkStore(db);
            manifests = new ManifestStore(db);
            store = Executors.newFixedThreadPool(2);
        }

        /** Stops store work before the database closes (architecture rule). */
        void closeStorage() throws InterruptedException {
            store.shutdown();
            assertThat(store.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            db.close();
        }

        Multiaddr address() {
            return host.listenAddresses().getFirst();
        }

        DownloadManager manager() {
            return manager(FAST);
        }

        DownloadManager manager(DownloadSettings settings) {
            DownloadManager m = DownloadManager.open(host, db, chunks, manifests, penalties, store, settings);
            closing.add(m);
            return m;
        }

        void close() throws InterruptedException {
            host.close();
            if (!store.isShutdown()) {
                closeStorage();
            }
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        // Managers were added after their nodes: close in reverse so no store write outlives its database.
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Path randomFile(String name, int bytes, long seed) throws IOException {
        byte[] data = new byte[bytes];
        new Random(seed).nextBytes(data);
        Path file = tmp.resolve("src").resolve(name);
        Files.createDirectories(file.getParent());
        return Files.write(file, data);
    }

    private static ContentManifest share(Node seeder, Path source) throws IOException {
        EncodedManifest encoded = new Chunker(CS).chunk(source, (i, id, d) -> seeder.chunks.put(id, d));
        seeder.manifests.put(encoded);
        return ManifestCodec.resolve(encoded);
    }

    private List<Node> seeders(int count, long storeDelayMs) throws Exception {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            nodes.add(new Node("seeder" + i, storeDelayMs));
        }
        return nodes;
    }

    private static ContentManifest shareOnAll(List<Node> seeders, Path source) throws IOException {
        ContentManifest manifest = null;
        for (Node s : seeders) {
            manifest = share(s, source);
        }
        return manifest;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static List<Path> done(Download d) throws Exception {
        return d.completion().get(60, TimeUnit.SECONDS);
    }

    private static List<String> leftovers(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(ContentAssembler.PARTIAL_SUFFIX))
                    .toList();
        }
    }

    @Test
    void oneSeederToOneLeecherIsByteExact() throws Exception {
        Node seeder = new Node("seeder", 0);
        Path file = randomFile("film.mkv", 40 * CS + 777, 1);
        ContentManifest manifest = share(seeder, file);
        Node leecher = new Node("leecher", 0);
        Path out = tmp.resolve("out");
        Download d = leecher.manager().start(manifest.id(), List.of(seeder.address()), out);
        List<Path> files = done(d);
        assertThat(files).containsExactly(out.toAbsolutePath().resolve("film.mkv"));
        assertThat(sha256(files.getFirst())).isEqualTo(sha256(file));
        assertThat(leftovers(out)).isEmpty();
        Progress p = d.progress();
        assertThat(p.state()).isEqualTo(DownloadState.COMPLETED);
        assertThat(p.verifiedBytes()).isEqualTo(p.totalBytes()).isEqualTo(Files.size(file));
        assertThat(p.chunksVerified()).isEqualTo(41);
        // Completed is recorded, and the content stays pinned for seeding.
        assertThat(DownloadRecord.decode(new DownloadStore(leecher.db).get(manifest.id())).state())
                .isEqualTo(DownloadState.COMPLETED);
        assertThat(new PinStore(leecher.db).isPinned(manifest.id())).isTrue();
    }

    @Test
    void threeSeedersAllServeAFolderShare() throws Exception {
        Path folder = tmp.resolve("src").resolve("album");
        randomFile("album/a.flac", 30 * CS + 5, 2);
        randomFile("album/sub/b.flac", 33 * CS, 3);
        // Slow store reads (5 ms a chunk) so no single seeder finishes the share before the others connect.
        List<Node> seeders = seeders(3, 5);
        ContentManifest manifest = shareOnAll(seeders, folder);
        Node leecher = new Node("leecher", 0);
        Path out = tmp.resolve("out");
        Download d = leecher.manager().start(manifest.id(),
                seeders.stream().map(Node::address).toList(), out);
        done(d);
        assertThat(sha256(out.resolve("album/a.flac"))).isEqualTo(sha256(folder.resolve("a.flac")));
        assertThat(sha256(out.resolve("album/sub/b.flac"))).isEqualTo(sha256(folder.resolve("sub/b.flac")));
        assertThat(d.chunksByPeer()).hasSize(3).allSatisfy((peer, n) -> assertThat(n).isPositive());
        assertThat(d.chunksByPeer().values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(manifest.chunkCount());
    }

    @Test
    void aLyingSeederAmongThreeIsBannedAndTheDownloadCompletes() throws Exception {
        Path file = randomFile("film.mkv", 48 * CS, 4);
        Node honest1 = new Node("honest1", 10);
        Node honest2 = new Node("honest2", 10);
        ContentManifest manifest = share(honest1, file);
        share(honest2, file);
        Node liar = new Node("liar", 0);
        LyingResponder.install(liar.host, manifest);
        Node leecher = new Node("leecher", 0);
        Path out = tmp.resolve("out");
        // The liar is listed first; the manifest comes from an honest seeder after the liar fails to send it.
        Download d = leecher.manager().start(manifest.id(),
                List.of(liar.address(), honest1.address(), honest2.address()), out);
        done(d);
        assertThat(sha256(out.resolve("film.mkv"))).isEqualTo(sha256(file));
        assertThat(penalties.strikes(liar.host.peerId())).isGreaterThanOrEqualTo(FAST.maxStrikes());
        assertThat(d.progress().bannedPeers()).isEqualTo(1);
        assertThat(d.chunksByPeer()).doesNotContainKey(liar.host.peerId());
        assertThat(penalties.strikes(honest1.host.peerId())).isZero();
    }

    @Test
    void aStallingSeederTimesOutAndItsChunksComeFromAnother() throws Exception {
        Path file = randomFile("film.mkv", 24 * CS, 12);
        Node honest = new Node("honest", 10);
        ContentManifest manifest = share(honest, file);
        Node staller = new Node("staller", 0);
        LyingResponder.installStalling(staller.host, manifest);
        Node leecher = new Node("leecher", 0);
        DownloadManager manager = leecher.manager(SHORT_STALL);
        Path out = tmp.resolve("out");
        Download d = manager.start(manifest.id(), List.of(honest.address(), staller.address()), out);
        done(d);
        assertThat(sha256(out.resolve("film.mkv"))).isEqualTo(sha256(file));
        assertThat(d.chunksByPeer()).containsOnlyKeys(honest.host.peerId());
        // A stall is retried, not a strike: it may be the network.
        assertThat(penalties.strikes(staller.host.peerId())).isZero();
    }

    @Test
    void fiveSeedersShareOneSmallNodeBudgetAndGiveItAllBack() throws Exception {
        Path file = randomFile("film.mkv", 60 * CS, 21);
        List<Node> seeders = seeders(5, 5);
        ContentManifest manifest = shareOnAll(seeders, file);
        Node leecher = new Node("leecher", 0);
        long budget = 2L * CS; // 5 peers x a window of 4 would ask for 20 chunks at once
        DownloadManager manager = leecher.manager(FAST.withInflightBytes(budget));
        AtomicLong peak = new AtomicLong();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 60_000 && sampling.get(); i++) {
                peak.accumulateAndGet(manager.inflight().used(), Math::max);
                sleep(1);
            }
        });
        Path out = tmp.resolve("out");
        Download d = manager.start(manifest.id(), seeders.stream().map(Node::address).toList(), out);
        done(d);
        sampling.set(false);
        sampler.join(5_000);
        assertThat(sha256(out.resolve("film.mkv"))).isEqualTo(sha256(file));
        // At most the budget, plus the one chunk a peer with nothing in flight may always ask for.
        assertThat(peak.get()).isPositive().isLessThanOrEqualTo(budget + 5L * CS);
        assertThat(manager.inflight().waits()).as("the bound held peers back").isPositive();
        await().atMost(Duration.ofSeconds(10)).until(() -> manager.inflight().used() == 0);
        assertThat(manager.inflight().queued()).isZero();
    }

    @Test
    void theBudgetComesBackFromALiarAndAStaller() throws Exception {
        Path file = randomFile("film.mkv", 40 * CS, 22);
        Node honest = new Node("honest", 5);
        ContentManifest manifest = share(honest, file);
        Node liar = new Node("liar", 0);
        LyingResponder.install(liar.host, manifest);
        Node staller = new Node("staller", 0);
        LyingResponder.installStalling(staller.host, manifest);
        Node leecher = new Node("leecher", 0);
        DownloadManager manager = leecher.manager(SHORT_STALL.withInflightBytes(2L * CS));
        Path out = tmp.resolve("out");
        Download d = manager.start(manifest.id(), List.of(liar.address(), staller.address(), honest.address()), out);
        done(d);
        assertThat(sha256(out.resolve("film.mkv"))).isEqualTo(sha256(file));
        assertThat(d.chunksByPeer()).containsOnlyKeys(honest.host.peerId());
        // Bytes held by the liar's and the staller's failed streams were given back, or the honest peer would stall.
        await().atMost(Duration.ofSeconds(10)).until(() -> manager.inflight().used() == 0);
        assertThat(manager.inflight().queued()).isZero();
    }

    @Test
    void pauseStopsResumeFinishesCancelForgets() throws Exception {
        Node seeder = new Node("seeder", 20);
        Path file = randomFile("film.mkv", 60 * CS, 5);
        ContentManifest manifest = share(seeder, file);
        Node leecher = new Node("leecher", 0);
        DownloadManager manager = leecher.manager();
        Path out = tmp.resolve("out");
        Download d = manager.start(manifest.id(), List.of(seeder.address()), out);
        await().atMost(Duration.ofSeconds(30)).until(() -> d.progress().chunksVerified() >= 5);
        d.pause();
        assertThat(d.state()).isEqualTo(DownloadState.PAUSED);
        // The batch in flight finishes, then nothing more arrives.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            int before = d.progress().chunksVerified();
            Thread.sleep(400);
            return d.progress().chunksVerified() == before;
        });
        int paused = d.progress().chunksVerified();
        Thread.sleep(300);
        assertThat(d.progress().chunksVerified()).isEqualTo(paused).isLessThan(60);
        assertThat(Files.exists(out.resolve("film.mkv"))).isFalse();
        d.resume();
        done(d);
        assertThat(sha256(out.resolve("film.mkv"))).isEqualTo(sha256(file));

        Path other = randomFile("other.bin", 60 * CS, 6);
        ContentManifest second = share(seeder, other);
        Path out2 = tmp.resolve("out2");
        Download c = manager.start(second.id(), List.of(seeder.address()), out2);
        await().atMost(Duration.ofSeconds(30)).until(() -> c.progress().chunksVerified() >= 3);
        c.cancel();
        assertThat(c.state()).isEqualTo(DownloadState.CANCELLED);
        assertThatThrownBy(() -> c.completion().get(5, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        assertThat(new DownloadStore(leecher.db).get(second.id())).isNull();
        assertThat(new PinStore(leecher.db).isPinned(second.id())).isFalse();
        Thread.sleep(300);
        assertThat(Files.exists(out2.resolve("other.bin"))).isFalse();
        assertThat(leftovers(out2)).isEmpty();
        // A cancelled content can be started again.
        assertThat(done(manager.start(second.id(), List.of(seeder.address()), out2))).hasSize(1);
        assertThat(sha256(out2.resolve("other.bin"))).isEqualTo(sha256(other));
    }

    /** A download stopped (manager and store closed) after 10+ verified chunks, its storage reopened. */
    private record Interrupted(Path file, ContentManifest manifest, Node leecher, Path out, BitSet before) {
    }

    private Interrupted interruptedDownload(long seed) throws Exception {
        Node seeder = new Node("seeder", 25);
        Path file = randomFile("film.mkv", 64 * CS + 3, seed);
        ContentManifest manifest = share(seeder, file);
        Node leecher = new Node("leecher", 0);
        DownloadManager first = leecher.manager();
        Path out = tmp.resolve("out");
        Download d = first.start(manifest.id(), List.of(seeder.address()), out);
        await().atMost(Duration.ofSeconds(30)).until(() -> d.progress().chunksVerified() >= 10);
        first.close();
        leecher.closeStorage();

        leecher.openStorage();
        BitSet before = new BitSet();
        for (int i = 0; i < manifest.chunkCount(); i++) {
            if (leecher.chunks.has(manifest.chunkId(i))) {
                before.set(i);
            }
        }
        return new Interrupted(file, manifest, leecher, out, before);
    }

    @Test
    void aResumeReHashesThePartialFileAndRefetchesOnlyDamagedChunks() throws Exception {
        Interrupted run = interruptedDownload(9);
        // The chunks live in the partial file (the store holds their index only); damage one there, as a power
        // loss could: the index still claims it. (A chunk that landed while the manager closed is kept in the store
        // instead, by design: at most the two landing then.)
        assertThat(run.leecher().chunks.totalBytes()).isLessThanOrEqualTo(2L * CS);
        Path partial = ContentAssembler.partialName(run.out().resolve("film.mkv"));
        int damaged = -1;
        for (int i = run.before().nextSetBit(0); i >= 0 && damaged < 0; i = run.before().nextSetBit(i + 1)) {
            byte[] placed = new byte[run.manifest().chunkLength(i)];
            try (var ch = java.nio.channels.FileChannel.open(partial)) {
                ch.read(java.nio.ByteBuffer.wrap(placed), run.manifest().chunkOffset(i));
            }
            if (ContentIds.matches(run.manifest().chunkId(i), placed)) {
                damaged = i;
            }
        }
        assertThat(damaged).as("a verified chunk in the partial file").isNotNegative();
        try (var ch = java.nio.channels.FileChannel.open(partial, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[100]), run.manifest().chunkOffset(damaged) + 5);
        }

        DownloadManager second = run.leecher().manager();
        Download resumed = second.get(run.manifest().id()).orElseThrow();
        done(resumed);
        assertThat(sha256(run.out().resolve("film.mkv"))).isEqualTo(sha256(run.file()));
        BitSet refetched = resumed.requestedChunks();
        refetched.and(run.before());
        assertThat(refetched.stream().boxed().toList()).as("re-requested").containsExactly(damaged);
    }

    @Test
    void aCompletedDownloadIsServedFromItsFileUntilTheUserChangesIt() throws Exception {
        Node seeder = new Node("seeder", 0);
        Path file = randomFile("film.mkv", 8 * CS + 11, 10);
        ContentManifest manifest = share(seeder, file);
        Node leecher = new Node("leecher", 0);
        Path out = tmp.resolve("out");
        done(leecher.manager().start(manifest.id(), List.of(seeder.address()), out));
        assertThat(leecher.chunks.count()).isEqualTo(manifest.chunkCount());
        assertThat(leecher.chunks.totalBytes()).as("bytes written once: in the file, not the store").isZero();
        assertThat(leecher.chunks.get(manifest.chunkId(3))).isEqualTo(seeder.chunks.get(manifest.chunkId(3)));

        // A third node downloads from the leecher, which serves from its output file.
        Node third = new Node("third", 0);
        Path out3 = tmp.resolve("out3");
        done(third.manager().start(manifest.id(), List.of(leecher.address()), out3));
        assertThat(sha256(out3.resolve("film.mkv"))).isEqualTo(sha256(file));

        Files.writeString(out.resolve("film.mkv"), "edited by the user");
        assertThat(leecher.chunks.has(manifest.chunkId(0))).isFalse();
        assertThat(leecher.chunks.count()).isZero();
    }

    @Test
    void aRestartedManagerResumesWithoutRefetchingVerifiedChunks() throws Exception {
        Interrupted run = interruptedDownload(7);
        ContentManifest manifest = run.manifest();
        Node leecher = run.leecher();
        Path out = run.out();
        Path file = run.file();
        BitSet before = run.before();
        assertThat(before.cardinality()).isBetween(10, manifest.chunkCount() - 1);
        assertThat(Files.exists(out.resolve("film.mkv"))).isFalse();

        DownloadManager second = leecher.manager();
        Download resumed = second.get(manifest.id()).orElseThrow();
        done(resumed);
        assertThat(sha256(out.resolve("film.mkv"))).isEqualTo(sha256(file));
        BitSet refetched = resumed.requestedChunks();
        refetched.and(before);
        assertThat(refetched.cardinality()).as("verified chunks fetched again").isZero();
        BitSet all = resumed.requestedChunks();
        all.or(before);
        assertThat(all.cardinality()).isEqualTo(manifest.chunkCount());
    }

    @Test
    void anUnwritableOutputFailsClearlyAndKeepsTheChunks() throws Exception {
        Node seeder = new Node("seeder", 0);
        Path file = randomFile("film.mkv", 8 * CS, 8);
        ContentManifest manifest = share(seeder, file);
        Node leecher = new Node("leecher", 0);
        // The output folder's place is taken by a regular file, so nothing can be written there.
        Path out = Files.writeString(tmp.resolve("out"), "not a folder");
        Download d = leecher.manager().start(manifest.id(), List.of(seeder.address()), out);
        assertThatThrownBy(() -> done(d)).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(DownloadException.class).hasMessageContaining("cannot write the output")
                .hasMessageContaining("verified chunks are kept");
        assertThat(d.state()).isEqualTo(DownloadState.FAILED);
        assertThat(leecher.chunks.count()).isEqualTo(8);
        assertThat(Files.readString(out)).isEqualTo("not a folder");
    }

    @Test
    void unreachableProvidersFailTheDownloadWithAReason() throws Exception {
        Node leecher = new Node("leecher", 0);
        Node gone = new Node("gone", 0);
        Path file = randomFile("x.bin", CS, 9);
        ContentManifest manifest = share(gone, file);
        Multiaddr address = gone.address();
        gone.host.close();
        Download d = leecher.manager().start(manifest.id(), List.of(address), tmp.resolve("out"));
        assertThatThrownBy(() -> done(d)).cause().isInstanceOf(DownloadException.class)
                .hasMessageContaining("no provider sent the manifest");
    }

    @Test
    void startRefusesWhatIsNotAContentId() throws Exception {
        Node leecher = new Node("leecher", 0);
        DownloadManager manager = leecher.manager();
        Path file = randomFile("x.bin", CS, 10);
        Cid chunkId = share(leecher, file).chunkId(0);
        assertThatThrownBy(() -> manager.start(chunkId, List.of(leecher.address()), tmp.resolve("o")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a content id");
        Cid contentId = share(leecher, file).id();
        assertThatThrownBy(() -> manager.start(contentId, List.of(), tmp.resolve("o")))
                .hasMessageContaining("no provider");
        Path deep = tmp.resolve("d".repeat(200) + "/").resolve("e".repeat(200));
        for (int i = 0; i < 5; i++) {
            deep = deep.resolve("f".repeat(200) + i);
        }
        Path tooLong = deep.resolve("g".repeat(3000));
        assertThatThrownBy(() -> manager.start(contentId, List.of(leecher.address()), tooLong))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4096");
        // Refused before anything was recorded or pinned.
        assertThat(new DownloadStore(leecher.db).get(contentId)).isNull();
        assertThat(new PinStore(leecher.db).isPinned(contentId)).isFalse();
        assertThat(manager.downloads()).isEmpty();
    }
}

package io.grapevine.node.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grapevine.node.content.Chunker;
import io.grapevine.node.content.ContentIds;
import io.grapevine.node.content.ContentManifest;
import io.grapevine.node.content.EncodedManifest;
import io.grapevine.node.content.InvalidContentException;
import io.grapevine.node.content.ManifestLimits;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.multiformats.Multihash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentDatabaseTest {
    @TempDir
    Path home;

    private ContentDatabase db;

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void verifiesEveryChunkBeforePut() {
        db = ContentDatabase.open(home);
        ChunkStore store = new ChunkStore(db);
        byte[] data = random(100_000, 1);
        Cid id = ContentIds.chunkId(data);
        byte[] tampered = data.clone();
        tampered[500] ^= 1;
        assertThatThrownBy(() -> store.put(id, tampered)).isInstanceOf(InvalidContentException.class)
                .hasMessageContaining("do not hash to " + id);
        assertThatThrownBy(() -> store.put(ContentIds.manifestId(data), data))
                .hasMessageContaining("not a chunk id");
        assertThatThrownBy(() -> store.put(Cid.v1(Cid.RAW, Multihash.identity(new byte[] {1})), new byte[] {1}))
                .hasMessageContaining("not a chunk id");
        byte[] huge = new byte[ManifestLimits.MAX_CHUNK_SIZE + 1];
        assertThatThrownBy(() -> store.put(ContentIds.chunkId(huge), huge)).hasMessageContaining("exceeds");
        assertThat(store.has(id)).isFalse();
        assertThat(store.get(id)).isNull();
        assertThat(store.totalBytes()).isZero();

        assertThat(store.put(id, data)).isTrue();
        assertThat(store.put(id, data)).isFalse();
        assertThat(store.has(id)).isTrue();
        assertThat(store.get(id)).isEqualTo(data);
        assertThat(store.totalBytes()).isEqualTo(100_000);
        assertThat(store.count()).isEqualTo(1);
        assertThat(store.delete(id)).isEqualTo(100_000);
        assertThat(store.delete(id)).isZero();
        assertThat(store.has(id)).isFalse();
        assertThat(store.totalBytes()).isZero();
    }

    @Test
    void reopenAfterCloseKeepsChunksManifestsPinsAndTotals() throws IOException {
        db = ContentDatabase.open(home);
        List<Cid> ids = new ArrayList<>();
        ChunkStore store = new ChunkStore(db);
        for (int i = 0; i < 20; i++) {
            byte[] data = random(1 << 20, i);
            ids.add(ContentIds.chunkId(data));
            store.put(ids.getLast(), data);
        }
        Path file = Files.write(home.resolve("f.bin"), random(50_000, 99));
        EncodedManifest e = new Chunker(ManifestLimits.MIN_CHUNK_SIZE).chunk(file, (i, id, d) -> store.put(id, d));
        new ManifestStore(db).put(e);
        new PinStore(db).pin(e.id());
        long total = store.totalBytes();
        db.close();
        db.close(); // idempotent
        assertThatThrownBy(() -> store.get(ids.getFirst())).isInstanceOf(IllegalStateException.class);
        assertThat(home.resolve("db")).isDirectory();

        db = ContentDatabase.open(home);
        ChunkStore reopened = new ChunkStore(db);
        assertThat(reopened.totalBytes()).isEqualTo(total).isEqualTo(20L * (1 << 20) + 50_000);
        assertThat(reopened.count()).isEqualTo(24);
        for (int i = 0; i < 20; i++) {
            assertThat(reopened.get(ids.get(i))).isEqualTo(random(1 << 20, i));
        }
        ContentManifest m = new ManifestStore(db).load(e.id());
        assertThat(m.chunkCount()).isEqualTo(4);
        assertThat(m.files().getFirst().path()).isEqualTo("f.bin");
        assertThat(new PinStore(db).pinned()).containsExactly(e.id());
        List<Cid> iterated = new ArrayList<>();
        reopened.forEach((id, size) -> iterated.add(id));
        assertThat(iterated).hasSize(24).containsAll(ids);
    }

    @Test
    void manifestStoreRefusesWhatDoesNotMatchItsId() {
        db = ContentDatabase.open(home);
        ManifestStore manifests = new ManifestStore(db);
        byte[] bytes = {8, 1};
        assertThatThrownBy(() -> manifests.putRoot(ContentIds.manifestId(new byte[] {1}), bytes))
                .isInstanceOf(InvalidContentException.class);
        assertThatThrownBy(() -> manifests.putChunkList(ContentIds.chunkListId(new byte[] {1}), bytes))
                .isInstanceOf(InvalidContentException.class);
        assertThat(manifests.load(ContentIds.manifestId(bytes))).isNull();
    }

    @Test
    void gcDeletesOnlyUnpinnedChunksDownToTheQuota() throws IOException {
        db = ContentDatabase.open(home);
        ChunkStore store = new ChunkStore(db);
        ManifestStore manifests = new ManifestStore(db);
        PinStore pins = new PinStore(db);
        int cs = ManifestLimits.MIN_CHUNK_SIZE;
        Path pinnedFile = Files.write(home.resolve("pinned.bin"), random(4 * cs, 1));
        EncodedManifest pinned = new Chunker(cs).chunk(pinnedFile, (i, id, d) -> store.put(id, d));
        manifests.put(pinned);
        pins.pin(pinned.id());
        Path looseFile = Files.write(home.resolve("loose.bin"), random(6 * cs, 2));
        EncodedManifest loose = new Chunker(cs).chunk(looseFile, (i, id, d) -> store.put(id, d));
        manifests.put(loose);
        GarbageCollector gc = new GarbageCollector(store, manifests, pins);
        assertThat(store.totalBytes()).isEqualTo(10L * cs);

        assertThat(gc.collect(10L * cs).deletedChunks()).isZero();
        GarbageCollector.Result r = gc.collect(7L * cs);
        assertThat(r.deletedChunks()).isEqualTo(3);
        assertThat(r.freedBytes()).isEqualTo(3L * cs);
        assertThat(store.totalBytes()).isEqualTo(7L * cs);

        r = gc.collect(0);
        assertThat(r.deletedChunks()).isEqualTo(3);
        assertThat(r.totalBytesAfter()).isEqualTo(4L * cs);
        ContentManifest p = manifests.load(pinned.id());
        for (int i = 0; i < p.chunkCount(); i++) {
            assertThat(store.has(p.chunkId(i))).isTrue();
        }
        pins.unpin(pinned.id());
        assertThat(pins.isPinned(pinned.id())).isFalse();
        assertThat(gc.collect(0).totalBytesAfter()).isZero();
    }

    @Test
    void blockedContentIsCollectedAtOnceUnlessPinned() throws IOException {
        db = ContentDatabase.open(home);
        ChunkStore store = new ChunkStore(db);
        ManifestStore manifests = new ManifestStore(db);
        PinStore pins = new PinStore(db);
        int cs = ManifestLimits.MIN_CHUNK_SIZE;
        EncodedManifest pinned = new Chunker(cs).chunk(Files.write(home.resolve("p.bin"), random(2 * cs, 3)),
                (i, id, d) -> store.put(id, d));
        manifests.put(pinned);
        pins.pin(pinned.id());
        EncodedManifest loose = new Chunker(cs).chunk(Files.write(home.resolve("l.bin"), random(3 * cs, 4)),
                (i, id, d) -> store.put(id, d));
        manifests.put(loose);
        GarbageCollector gc = new GarbageCollector(store, manifests, pins);
        assertThat(gc.collectContent(pinned.id()).deletedChunks()).isZero();
        GarbageCollector.Result r = gc.collectContent(loose.id());
        assertThat(r.deletedChunks()).isEqualTo(3);
        assertThat(r.totalBytesAfter()).isEqualTo(2L * cs);
        assertThat(manifests.has(loose.id())).as("the manifest stays, for a later local allow").isTrue();
    }

    @Test
    void gcRefusesWhenAPinnedManifestIsMissing() {
        db = ContentDatabase.open(home);
        ChunkStore store = new ChunkStore(db);
        byte[] data = random(1000, 3);
        store.put(ContentIds.chunkId(data), data);
        PinStore pins = new PinStore(db);
        pins.pin(ContentIds.manifestId(new byte[] {1}));
        GarbageCollector gc = new GarbageCollector(store, new ManifestStore(db), pins);
        assertThatThrownBy(() -> gc.collect(0)).isInstanceOf(StorageException.class).hasMessageContaining("no manifest");
        assertThat(store.totalBytes()).isEqualTo(1000);
        assertThatThrownBy(() -> pins.pin(ContentIds.chunkId(data))).isInstanceOf(IllegalArgumentException.class);
    }
}

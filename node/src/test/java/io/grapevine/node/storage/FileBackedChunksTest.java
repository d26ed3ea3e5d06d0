package io.grapevine.node.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grapevine.node.content.Chunker;
import io.grapevine.node.content.ContentAssembler;
import io.grapevine.node.content.ContentManifest;
import io.grapevine.node.content.ManifestCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBackedChunksTest {
    private static final int CS = 16 * 1024;

    @TempDir
    Path tmp;

    /** A folder of three files whose chunks straddle the file boundaries, indexed in place. */
    private ContentManifest share(Path folder, ChunkStore store) throws Exception {
        Random random = new Random(7);
        for (String name : new String[] {"a.bin", "b.bin", "c.bin"}) {
            byte[] data = new byte[CS + 1000 * name.charAt(0) % 7777];
            random.nextBytes(data);
            Files.write(Files.createDirectories(folder).resolve(name), data);
        }
        ContentManifest m = ManifestCodec.resolve(new Chunker(CS).chunk(folder, (i, id, d) -> { }));
        long key = ChunkStore.fileSetKey(m.id(), folder.getParent());
        store.putFiles(key, ChunkFiles.complete(folder.getParent(), m.files()));
        for (int i = 0; i < m.chunkCount(); i++) {
            assertThat(store.putInFile(m.chunkId(i), key, m.chunkOffset(i), m.chunkLength(i))).isTrue();
        }
        return m;
    }

    @Test
    void chunksAcrossFileBoundariesAreReadFromTheFilesAndSurviveAReopen() throws Exception {
        Path home = tmp.resolve("home");
        Path folder = tmp.resolve("share/album");
        ContentManifest m;
        try (ContentDatabase db = ContentDatabase.open(home)) {
            ChunkStore store = new ChunkStore(db);
            m = share(folder, store);
            assertThat(store.count()).isEqualTo(m.chunkCount());
            assertThat(store.totalBytes()).isZero();
        }
        try (ContentDatabase db = ContentDatabase.open(home)) {
            ChunkStore store = new ChunkStore(db);
            Path out = tmp.resolve("out");
            ContentAssembler.write(m, i -> store.get(m.chunkId(i)), out);
            for (String name : new String[] {"a.bin", "b.bin", "c.bin"}) {
                assertThat(out.resolve("album/" + name)).hasSameBinaryContentAs(folder.resolve(name));
            }
            // Deleting a file-backed chunk forgets it and leaves the user's file alone.
            assertThat(store.delete(m.chunkId(0))).isZero();
            assertThat(store.has(m.chunkId(0))).isFalse();
            assertThat(folder.resolve("a.bin")).exists();
        }
    }

    @FunctionalInterface
    private interface Change {
        void apply(Path folder) throws Exception;
    }

    /** After {@code change}, reading the last chunk finds it and drops the whole set: no chunk of it is held. */
    private void assertSetDroppedAfter(Change change) throws Exception {
        try (ContentDatabase db = ContentDatabase.open(tmp.resolve("home"))) {
            ChunkStore store = new ChunkStore(db);
            Path folder = tmp.resolve("share/album");
            ContentManifest m = share(folder, store);
            change.apply(folder);
            assertThat(store.get(m.chunkId(m.chunkCount() - 1))).isNull();
            assertThat(store.has(m.chunkId(0))).isFalse();
            assertThat(store.count()).isZero();
        }
    }

    @Test
    void aTouchedFileDropsEveryChunkOfItsSet() throws Exception {
        // The last chunk is in c.bin only; chunk 0 (in a.bin) goes too: the set is dropped as a whole.
        assertSetDroppedAfter(folder -> {
            Path c = folder.resolve("c.bin");
            Files.setLastModifiedTime(c, FileTime.fromMillis(Files.getLastModifiedTime(c).toMillis() + 2000));
        });
    }

    @Test
    void aRemovedFileDropsTheSet() throws Exception {
        assertSetDroppedAfter(folder -> Files.delete(folder.resolve("c.bin")));
    }

    @Test
    void aTruncatedFileDropsTheSet() throws Exception {
        assertSetDroppedAfter(folder -> Files.write(folder.resolve("c.bin"), new byte[10]));
    }

    @Test
    void aDamagedFileSetRecordIsRefused() throws Exception {
        ChunkFiles files = ChunkFiles.partial(tmp, java.util.List.of(
                new io.grapevine.node.content.ContentFile("x.bin", 10, "application/octet-stream", 0)));
        byte[] good = files.encode();
        assertThat(ChunkFiles.decode(good)).isEqualTo(files);
        assertThatThrownBy(() -> ChunkFiles.decode(Arrays.copyOf(good, good.length - 3)))
                .isInstanceOf(StorageException.class);
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> ChunkFiles.decode(trailing)).isInstanceOf(StorageException.class);
        byte[] hugeCount = good.clone();
        int countAt = 2 + 4 + tmp.toAbsolutePath().toString().getBytes().length;
        java.nio.ByteBuffer.wrap(hugeCount).putInt(countAt, Integer.MAX_VALUE);
        assertThatThrownBy(() -> ChunkFiles.decode(hugeCount)).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> ChunkLocation.decode(new byte[7])).isInstanceOf(StorageException.class);
    }
}

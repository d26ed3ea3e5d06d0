package io.grapevine.node.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grapevine.node.multiformats.Cid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkerTest {
    private static final int CS = ManifestLimits.MIN_CHUNK_SIZE;

    @TempDir
    Path dir;

    private final List<byte[]> chunks = new ArrayList<>();
    private final Map<Cid, byte[]> byId = new HashMap<>();

    private EncodedManifest chunk(Path source, int chunkSize) throws IOException {
        chunks.clear();
        return new Chunker(chunkSize).chunk(source, (index, id, data) -> {
            assertThat(index).isEqualTo(chunks.size());
            assertThat(ContentIds.matches(id, data)).isTrue();
            chunks.add(data);
            byId.put(id, data);
        });
    }

    private ContentManifest roundTrip(Path source, int chunkSize) throws IOException {
        EncodedManifest encoded = chunk(source, chunkSize);
        ContentManifest m = ManifestCodec.resolve(encoded);
        Path out = Files.createDirectories(dir.resolve("out-" + System.nanoTime()));
        ContentAssembler.write(m, i -> byId.get(m.chunkId(i)), out);
        for (ContentFile f : m.files()) {
            Path original = source.toAbsolutePath().getParent().resolve(f.path());
            assertThat(out.resolve(f.path())).hasSameBinaryContentAs(original);
        }
        return m;
    }

    private Path file(String name, int size, long seed) throws IOException {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        Path p = dir.resolve("src").resolve(name);
        Files.createDirectories(p.getParent());
        return Files.write(p, data);
    }

    @Test
    void emptyFileHasNoChunksAndRoundTrips() throws IOException {
        ContentManifest m = roundTrip(file("empty.bin", 0, 1), CS);
        assertThat(m.chunkCount()).isZero();
        assertThat(m.totalSize()).isZero();
        assertThat(m.files()).extracting(ContentFile::path).containsExactly("empty.bin");
    }

    @Test
    void exactMultipleOfTheChunkSizeHasNoShortTail() throws IOException {
        ContentManifest m = roundTrip(file("three.bin", 3 * CS, 2), CS);
        assertThat(m.chunkCount()).isEqualTo(3);
        assertThat(m.chunkLength(2)).isEqualTo(CS);
        assertThat(chunks).allSatisfy(c -> assertThat(c).hasSize(CS));
    }

    @Test
    void oneByteOverAMultipleMakesAOneByteLastChunk() throws IOException {
        ContentManifest m = roundTrip(file("odd.bin", 2 * CS + 1, 3), CS);
        assertThat(m.chunkCount()).isEqualTo(3);
        assertThat(m.chunkLength(2)).isEqualTo(1);
        assertThat(m.files().getFirst().mediaType()).isEqualTo(MediaTypes.UNKNOWN);
    }

    @Test
    void folderKeepsItsNameSortedLayoutAndChunksSpanFiles() throws IOException {
        file("share/b/second.txt", CS + 10, 4);
        file("share/a.jpg", 100, 5);
        file("share/empty", 0, 6);
        file("share/b/z/third.html", 2 * CS - 7, 7);
        ContentManifest m = roundTrip(dir.resolve("src/share"), CS);
        assertThat(m.files()).extracting(ContentFile::path)
                .containsExactly("share/a.jpg", "share/b/second.txt", "share/b/z/third.html", "share/empty");
        assertThat(m.files()).extracting(ContentFile::mediaType)
                .containsExactly("image/jpeg", "text/plain", "text/html", MediaTypes.UNKNOWN);
        assertThat(m.files().get(2).offset()).isEqualTo(100 + CS + 10);
        assertThat(m.totalSize()).isEqualTo(100 + CS + 10 + 2 * CS - 7);
        assertThat(m.chunkCount()).isEqualTo(4);
    }

    @Test
    void sameTreeGivesTheSameIdAndAnyChangeAnother() throws IOException {
        Path f = file("same.bin", CS + 5, 8);
        Cid first = chunk(f, CS).id();
        assertThat(chunk(f, CS).id()).isEqualTo(first);
        assertThat(chunk(f, 2 * CS).id()).isNotEqualTo(first);
        Files.write(f, new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
        assertThat(chunk(f, CS).id()).isNotEqualTo(first);
        assertThat(first.toString()).startsWith("b");
        assertThat(Cid.parse(first.toString())).isEqualTo(first);
    }

    @Test
    void chunkIdsAreCidV1RawSha256InBase32() throws IOException {
        chunk(file("one.bin", 10, 9), CS);
        Cid id = ContentIds.chunkId(chunks.getFirst());
        assertThat(id.codec()).isEqualTo(0x55);
        assertThat(id.toString()).startsWith("bafkrei");
        assertThat(ContentIds.isChunkId(id)).isTrue();
    }

    @Test
    void largeShareSplitsIntoChunkListsAndResolves() throws IOException {
        // 65,537 chunks of 16 KiB would need 1 GiB on disk; a sparse file gives the same layout cheaply.
        Path sparse = dir.resolve("sparse.bin");
        long size = (long) (ManifestLimits.CHUNKS_PER_LIST + 1) * CS;
        try (var ch = java.nio.channels.FileChannel.open(sparse, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {42}), size - 1);
        }
        int[] count = {0};
        EncodedManifest e = new Chunker(CS).chunk(sparse, (i, id, data) -> count[0]++);
        assertThat(count[0]).isEqualTo(ManifestLimits.CHUNKS_PER_LIST + 1);
        assertThat(e.chunkLists()).hasSize(2);
        assertThat(e.root().length).isLessThan(1024);
        ContentManifest m = ManifestCodec.resolve(e);
        assertThat(m.chunkCount()).isEqualTo(ManifestLimits.CHUNKS_PER_LIST + 1);
        assertThat(m.chunkId(0)).isEqualTo(m.chunkId(ManifestLimits.CHUNKS_PER_LIST - 1));
        assertThat(m.chunkId(ManifestLimits.CHUNKS_PER_LIST)).isNotEqualTo(m.chunkId(0));
    }

    @Test
    void refusesLocalFilesWithHostileNames() throws IOException {
        file("share/CON.txt", 3, 10);
        assertThatThrownBy(() -> chunk(dir.resolve("src/share"), CS)).isInstanceOf(InvalidContentException.class)
                .hasMessageContaining("device name CON");
    }

    @Test
    void skipsSymbolicLinks() throws IOException {
        Path target = file("outside.bin", 50, 11);
        file("share/in.bin", 20, 12);
        Files.createSymbolicLink(dir.resolve("src/share/link.bin"), target);
        ContentManifest m = roundTrip(dir.resolve("src/share"), CS);
        assertThat(m.files()).extracting(ContentFile::path).containsExactly("share/in.bin");
    }

    @Test
    void refusesBadChunkSizes() {
        assertThatThrownBy(() -> new Chunker(1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Chunker(8 << 20)).isInstanceOf(IllegalArgumentException.class);
    }
}

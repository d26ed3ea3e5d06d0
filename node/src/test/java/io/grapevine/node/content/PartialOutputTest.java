package io.grapevine.node.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grapevine.node.multiformats.Cid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartialOutputTest {
    private static final int CS = ManifestLimits.MIN_CHUNK_SIZE;

    @TempDir
    Path dir;

    private final List<byte[]> chunks = new ArrayList<>();
    private final Map<Cid, byte[]> byId = new HashMap<>();

    /** A folder share whose files straddle chunk boundaries, with an empty file between them. */
    private ContentManifest share() throws IOException {
        Path src = dir.resolve("src/album");
        Files.createDirectories(src);
        write(src.resolve("a.bin"), CS + 100, 1);
        write(src.resolve("b.bin"), 0, 2);
        write(src.resolve("c.bin"), 2 * CS - 50, 3);
        write(src.resolve("d.bin"), 10, 4);
        EncodedManifest encoded = new Chunker(CS).chunk(src, (index, id, data) -> {
            chunks.add(data);
            byId.put(id, data);
        });
        return ManifestCodec.resolve(encoded);
    }

    private static void write(Path p, int size, long seed) throws IOException {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        Files.write(p, data);
    }

    private void assertSameFiles(ContentManifest m, Path out) {
        for (ContentFile f : m.files()) {
            assertThat(out.resolve(f.path())).hasSameBinaryContentAs(dir.resolve("src").resolve(f.path()));
        }
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void chunksWrittenOutOfOrderThenFinishedGiveTheFiles() throws IOException {
        ContentManifest m = share();
        Path out = dir.resolve("out");
        PartialOutput output = new PartialOutput(m, out);
        for (int i = m.chunkCount() - 1; i >= 0; i--) {
            output.write(i, chunks.get(i));
        }
        assertThat(names(out)).allMatch(n -> n.endsWith(ContentAssembler.PARTIAL_SUFFIX));
        List<Path> files = output.finish(i -> {
            throw new AssertionError("chunk " + i + " was written in this session; finish must not read it");
        });
        assertThat(files).hasSize(4);
        assertSameFiles(m, out);
        assertThat(names(out)).containsExactly("a.bin", "b.bin", "c.bin", "d.bin");
    }

    /**
     * One file of whole, block-aligned chunks (written with direct I/O where the file system allows it) and a short
     * last chunk (written through the page cache): what is read back while it is written, and the finished file, are
     * the source bytes, also over a stale partial file left with other bytes.
     */
    @Test
    void alignedChunksAndAShortLastChunkReadBackAndFinishAsTheSource() throws IOException {
        Path src = dir.resolve("src");
        Files.createDirectories(src);
        write(src.resolve("film.mkv"), 7 * CS + 1234, 9);
        ContentManifest m = ManifestCodec.resolve(new Chunker(CS).chunk(src.resolve("film.mkv"), (index, id, data) -> {
            chunks.add(data);
            byId.put(id, data);
        }));
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        byte[] stale = new byte[8 * CS];
        new Random(5).nextBytes(stale);
        Files.write(ContentAssembler.partialName(out.resolve("film.mkv")), stale);
        PartialOutput output = new PartialOutput(m, out);
        int[] order = {3, 7, 0, 5, 1, 6, 2, 4};
        for (int i : order) {
            assertThat(output.write(i, chunks.get(i))).isTrue();
            assertThat(output.readPlaced(i)).isEqualTo(chunks.get(i));
        }
        output.finish(i -> {
            throw new AssertionError("chunk " + i + " was written in this session");
        });
        assertThat(out.resolve("film.mkv")).hasSameBinaryContentAs(src.resolve("film.mkv"));
    }

    /** The output folder does not exist before the first chunk: aligned chunks still go straight to the device. */
    @Test
    void alignedChunksIntoAFolderNotYetCreatedAreWrittenWithDirectIo() throws IOException {
        Assumptions.assumeTrue(directIoWorksIn(dir), "the temporary folder's file system has no direct I/O");
        Path src = dir.resolve("src");
        Files.createDirectories(src);
        write(src.resolve("film.mkv"), 4 * CS + 10, 11);
        ContentManifest m = ManifestCodec.resolve(new Chunker(CS).chunk(src.resolve("film.mkv"), (index, id, data) ->
                chunks.add(data)));
        Path out = dir.resolve("not/yet/there");
        PartialOutput output = new PartialOutput(m, out);
        for (int i = m.chunkCount() - 1; i >= 0; i--) {
            assertThat(output.write(i, chunks.get(i))).isTrue();
        }
        assertThat(output.directWrites()).isEqualTo(4); // the four whole chunks; the 10-byte tail is buffered
        output.finish(i -> {
            throw new AssertionError("chunk " + i + " was written in this session");
        });
        assertThat(out.resolve("film.mkv")).hasSameBinaryContentAs(src.resolve("film.mkv"));
    }

    private static boolean directIoWorksIn(Path folder) {
        try (var c = java.nio.channels.FileChannel.open(folder.resolve("probe"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, com.sun.nio.file.ExtendedOpenOption.DIRECT)) {
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    @Test
    void finishFillsChunksNotWrittenInThisSessionOverAStalePartial() throws IOException {
        ContentManifest m = share();
        Path out = dir.resolve("out");
        Path staleA = ContentAssembler.partialName(ContentAssembler.target(out, "album/a.bin"));
        Files.createDirectories(staleA.getParent());
        Files.write(staleA, new byte[5 * CS]); // a crashed session's leftovers: longer and wrong
        PartialOutput output = new PartialOutput(m, out);
        output.write(1, chunks.get(1));
        output.finish(i -> byId.get(m.chunkId(i)));
        assertSameFiles(m, out);
    }

    @Test
    void aStoredChunkThatNoLongerMatchesIsRefusedAndNothingIsLeft() throws IOException {
        ContentManifest m = share();
        Path out = dir.resolve("out");
        PartialOutput output = new PartialOutput(m, out);
        output.write(0, chunks.get(0));
        assertThatThrownBy(() -> output.finish(i -> new byte[m.chunkLength(i)]))
                .isInstanceOf(InvalidContentException.class);
        assertThat(names(out)).isEmpty();
    }

    @Test
    void abortRemovesPartialsAndLaterWritesAreIgnored() throws IOException {
        ContentManifest m = share();
        Path out = dir.resolve("out");
        PartialOutput output = new PartialOutput(m, out);
        output.write(0, chunks.get(0));
        output.abort();
        output.write(1, chunks.get(1));
        assertThat(names(out)).isEmpty();
    }

    @Test
    void aChunkOfTheWrongLengthIsRefused() throws IOException {
        ContentManifest m = share();
        PartialOutput output = new PartialOutput(m, dir.resolve("out"));
        assertThatThrownBy(() -> output.write(0, new byte[3])).isInstanceOf(IllegalArgumentException.class);
    }
}

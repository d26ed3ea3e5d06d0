package io.grapevine.node.content;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a share's files under a folder from its chunks, checking each chunk against its id on the way (a disk that
 * flipped a bit must not produce a corrupt file). Every target path is resolved and re-checked to stay inside
 * {@code outDir}, on top of the manifest's name validation. Each file is written to a hidden partial name beside its
 * target ({@code .name.grapevine-partial}), fsynced, then atomically renamed and its folder fsynced, so a final name
 * only ever holds a complete, verified file; on any error the partial file is removed.
 */
public final class ContentAssembler {
    public static final String PARTIAL_SUFFIX = ".grapevine-partial";
    private static final int MAX_NAME_BYTES = 255;

    /** Supplies a chunk's bytes, or null when it is not available. */
    @FunctionalInterface
    public interface ChunkSource {
        byte[] chunk(int index) throws IOException;
    }

    private ContentAssembler() {
    }

    public static Path target(Path outDir, String path) {
        Path base = outDir.toAbsolutePath().normalize();
        Path target = base.resolve(FileNames.validate(path)).normalize();
        if (!target.startsWith(base) || target.equals(base)) {
            throw new InvalidContentException("refused file name \"" + path + "\": escapes the output folder");
        }
        return target;
    }

    public static Path partialName(Path target) {
        String name = "." + target.getFileName() + PARTIAL_SUFFIX;
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            name = ".grapevine-" + Integer.toHexString(target.getFileName().toString().hashCode()) + PARTIAL_SUFFIX;
        }
        return target.resolveSibling(name);
    }

    /** Writes every file of the share; returns the final paths. */
    public static List<Path> write(ContentManifest manifest, ChunkSource source, Path outDir) throws IOException {
        List<Path> written = new ArrayList<>();
        int chunk = 0;
        byte[] data = null;
        int used = 0;
        for (ContentFile file : manifest.files()) {
            Path target = target(outDir, file.path());
            Files.createDirectories(target.getParent());
            Path partial = partialName(target);
            try {
                try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    long left = file.size();
                    while (left > 0) {
                        if (data == null || used == data.length) {
                            data = verified(manifest, source, chunk++);
                            used = 0;
                        }
                        int n = (int) Math.min(left, data.length - used);
                        ByteBuffer src = ByteBuffer.wrap(data, used, n);
                        while (src.hasRemaining()) {
                            out.write(src);
                        }
                        used += n;
                        left -= n;
                    }
                    out.force(true);
                }
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(partial);
                throw e;
            }
            syncFolder(target.getParent());
            written.add(target);
        }
        return written;
    }

    /** Removes partial files a crash or a failed write may have left. */
    public static void removePartials(ContentManifest manifest, Path outDir) {
        for (ContentFile file : manifest.files()) {
            try {
                Files.deleteIfExists(partialName(target(outDir, file.path())));
            } catch (IOException | RuntimeException ignored) {
                // best effort: a partial name is never mistaken for the file
            }
        }
    }

    static byte[] verified(ContentManifest manifest, ChunkSource source, int index) throws IOException {
        byte[] data = source.chunk(index);
        if (data == null) {
            throw new IOException("chunk " + index + " (" + manifest.chunkId(index) + ") is not stored");
        }
        if (data.length != manifest.chunkLength(index) || !ContentIds.matches(manifest.chunkId(index), data)) {
            throw new InvalidContentException("chunk " + index + " does not match " + manifest.chunkId(index));
        }
        return data;
    }

    static void syncFolder(Path folder) {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // some file systems cannot fsync a folder; the rename is still atomic
        }
    }
}

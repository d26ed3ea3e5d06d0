package io.grapevine.node.content;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a share's files under a folder from its chunks, checking each chunk against its id on the way. Every target
 * path is resolved and re-checked to stay inside {@code outDir}, on top of the manifest's name validation.
 */
public final class ContentAssembler {
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

    public static void write(ContentManifest manifest, ChunkSource source, Path outDir) throws IOException {
        int chunk = 0;
        byte[] data = null;
        int used = 0;
        for (ContentFile file : manifest.files()) {
            Path target = target(outDir, file.path());
            Files.createDirectories(target.getParent());
            try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
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
            }
        }
    }

    private static byte[] verified(ContentManifest manifest, ChunkSource source, int index) throws IOException {
        byte[] data = source.chunk(index);
        if (data == null) {
            throw new IOException("chunk " + index + " (" + manifest.chunkId(index) + ") is missing");
        }
        if (data.length != manifest.chunkLength(index) || !ContentIds.matches(manifest.chunkId(index), data)) {
            throw new InvalidContentException("chunk " + index + " does not match " + manifest.chunkId(index));
        }
        return data;
    }
}

package io.grapevine.node.content;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Cuts a file or a folder into chunks and builds its manifest. Paths are relative to the shared item's parent, so a
 * shared folder keeps its name; files are ordered by path so the same tree always gives the same content id.
 * Symbolic links and special files are skipped: sharing must never follow a link out of the chosen folder.
 */
public final class Chunker {
    /** Chosen by measurement: docs/content.md, "Chunk size". */
    public static final int DEFAULT_CHUNK_SIZE = 1024 * 1024;

    private final int chunkSize;

    public Chunker(int chunkSize) {
        if (chunkSize < ManifestLimits.MIN_CHUNK_SIZE || chunkSize > ManifestLimits.MAX_CHUNK_SIZE
                || Integer.bitCount(chunkSize) != 1) {
            throw new IllegalArgumentException("chunk size must be a power of two in [" + ManifestLimits.MIN_CHUNK_SIZE
                    + ", " + ManifestLimits.MAX_CHUNK_SIZE + "]: " + chunkSize);
        }
        this.chunkSize = chunkSize;
    }

    public Chunker() {
        this(DEFAULT_CHUNK_SIZE);
    }

    public EncodedManifest chunk(Path source, ChunkSink sink) throws IOException {
        Map<String, Path> files = list(source);
        if (files.size() > ManifestLimits.MAX_FILES) {
            throw new InvalidContentException(files.size() + " files exceed the " + ManifestLimits.MAX_FILES
                    + " a share may hold");
        }
        List<ContentFile> layout = new ArrayList<>(files.size());
        long offset = 0;
        for (Map.Entry<String, Path> e : files.entrySet()) {
            long size = Files.size(e.getValue());
            layout.add(new ContentFile(e.getKey(), size, MediaTypes.guess(e.getKey()), offset));
            offset += size;
        }
        long chunks = (offset + chunkSize - 1) / chunkSize;
        if (chunks > ManifestLimits.MAX_CHUNKS) {
            throw new InvalidContentException("share of " + offset + " bytes needs " + chunks + " chunks, more than "
                    + ManifestLimits.MAX_CHUNKS);
        }
        byte[] digests = new byte[(int) chunks * ContentIds.DIGEST_LENGTH];
        Cutter cutter = new Cutter(sink, digests, offset);
        int i = 0;
        for (Path file : files.values()) {
            cutter.feed(file, layout.get(i++).size());
        }
        cutter.finish();
        return ManifestCodec.encode(chunkSize, layout, digests);
    }

    /** Regular files under {@code source} by validated relative path, sorted. */
    private static Map<String, Path> list(Path source) throws IOException {
        Path base = source.toAbsolutePath().normalize();
        if (Files.isRegularFile(base, LinkOption.NOFOLLOW_LINKS)) {
            return new TreeMap<>(Map.of(FileNames.validate(base.getFileName().toString()), base));
        }
        if (!Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("not a regular file or folder: " + source);
        }
        Path parent = base.getParent();
        Map<String, Path> files = new TreeMap<>(Comparator.naturalOrder());
        try (Stream<Path> walk = Files.walk(base)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    files.put(FileNames.validate(relative(parent, p)), p);
                    if (files.size() > ManifestLimits.MAX_FILES) {
                        break;
                    }
                }
            }
        }
        return files;
    }

    private static String relative(Path parent, Path p) {
        Path rel = parent == null ? p : parent.relativize(p);
        StringBuilder b = new StringBuilder();
        for (Path name : rel) {
            if (!b.isEmpty()) {
                b.append('/');
            }
            b.append(name);
        }
        return b.toString();
    }

    /** Fills chunk buffers across file boundaries and hands each full chunk on. */
    private final class Cutter {
        private final ChunkSink sink;
        private final byte[] digests;
        private final long total;
        private long done;
        private int index;
        private byte[] buffer;
        private int filled;

        Cutter(ChunkSink sink, byte[] digests, long total) {
            this.sink = sink;
            this.digests = digests;
            this.total = total;
            next();
        }

        private void next() {
            long left = total - (long) index * chunkSize;
            buffer = left > 0 ? new byte[(int) Math.min(chunkSize, left)] : null;
            filled = 0;
        }

        void feed(Path file, long expected) throws IOException {
            long read = 0;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                while (read < expected) {
                    ByteBuffer dst = ByteBuffer.wrap(buffer, filled,
                            (int) Math.min(buffer.length - filled, expected - read));
                    int n = ch.read(dst);
                    if (n < 0) {
                        throw new IOException(file + " shrank while it was being shared");
                    }
                    filled += n;
                    read += n;
                    if (filled == buffer.length) {
                        emit();
                    }
                }
                if (ch.size() != expected) {
                    throw new IOException(file + " changed size while it was being shared");
                }
            }
            done += read;
        }

        private void emit() throws IOException {
            byte[] digest = ContentIds.digest(buffer, 0, buffer.length);
            System.arraycopy(digest, 0, digests, index * ContentIds.DIGEST_LENGTH, ContentIds.DIGEST_LENGTH);
            sink.accept(index, ContentIds.chunkIdFromDigest(digest), buffer);
            index++;
            next();
        }

        void finish() {
            if (done != total || buffer != null) {
                throw new IllegalStateException("chunked " + done + " of " + total + " bytes");
            }
        }
    }
}

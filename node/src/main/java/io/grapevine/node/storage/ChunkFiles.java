package io.grapevine.node.storage;

import io.grapevine.node.content.ContentAssembler;
import io.grapevine.node.content.ContentFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The user files whose concatenation holds a content's chunks (a share's files, or a download's output): chunk bytes
 * at offset {@code o} of the content are at {@code o} of that concatenation. A {@code partial} set is a download still
 * being written (each file under its partial name, or its final name once renamed; sizes and times not yet fixed). A
 * complete set records each file's size and modification time: a file that no longer has both is treated as changed
 * and none of its chunks is trusted.
 */
public record ChunkFiles(Path base, List<Entry> files, boolean partial) {
    private static final int VERSION = 1;
    private static final int MAX_ENCODED = 64 << 20;

    /** One file, by its path relative to {@code base}; size and modification time (ms) are -1 while partial. */
    public record Entry(String path, long size, long modified) {
    }

    public ChunkFiles {
        files = List.copyOf(files);
    }

    /** A download's output being written into {@code outDir}. */
    public static ChunkFiles partial(Path outDir, List<ContentFile> layout) {
        List<Entry> entries = new ArrayList<>();
        for (ContentFile f : layout) {
            entries.add(new Entry(f.path(), f.size(), -1));
        }
        return new ChunkFiles(outDir.toAbsolutePath(), entries, true);
    }

    /** Complete files under {@code base} as they are now (size and modification time read from the disk). */
    public static ChunkFiles complete(Path base, List<ContentFile> layout) throws IOException {
        List<Entry> entries = new ArrayList<>();
        Path abs = base.toAbsolutePath();
        for (ContentFile f : layout) {
            BasicFileAttributes a = Files.readAttributes(ContentAssembler.target(abs, f.path()),
                    BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.size() != f.size()) {
                throw new IOException(f.path() + " has " + a.size() + " bytes, expected " + f.size());
            }
            entries.add(new Entry(f.path(), a.size(), a.lastModifiedTime().toMillis()));
        }
        return new ChunkFiles(abs, entries, false);
    }

    /** Where file {@code f} is now: a partial set's file under its partial name until it was renamed. */
    Path location(int f) {
        Path target = ContentAssembler.target(base, files.get(f).path());
        if (partial) {
            Path p = ContentAssembler.partialName(target);
            return Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? p : target;
        }
        return target;
    }

    /** Whether file {@code f} is still as recorded (a partial one: whether it exists). */
    boolean intact(int f) {
        try {
            BasicFileAttributes a = Files.readAttributes(location(f), BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            Entry e = files.get(f);
            return a.isRegularFile() && (partial || (a.size() == e.size() && a.lastModifiedTime().toMillis() == e.modified()));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether every file holding bytes {@code [offset, offset+length)} is intact. */
    boolean intact(long offset, int length) {
        long start = 0;
        for (int f = 0; f < files.size() && start < offset + length; f++) {
            long size = files.get(f).size();
            if (start + size > offset && size > 0 && !intact(f)) {
                return false;
            }
            start += size;
        }
        return true;
    }

    /**
     * Bytes {@code [offset, offset+length)} of the concatenation, or null when a file holding them changed, vanished
     * or is shorter than recorded.
     */
    byte[] read(long offset, int length) throws IOException {
        byte[] out = new byte[length];
        return readInto(offset, ByteBuffer.wrap(out)) ? out : null;
    }

    /**
     * Fills {@code dst} (its remaining bytes) with the concatenation's bytes from {@code offset}, straight from the
     * files; false when a file holding them changed,
     * vanished or is shorter than recorded.
     */
    boolean readInto(long offset, ByteBuffer dst) throws IOException {
        int length = dst.remaining();
        int pos = 0;
        long start = 0;
        for (int f = 0; f < files.size() && pos < length; f++) {
            long size = files.get(f).size();
            long end = start + size;
            if (end > offset + pos && size > 0) {
                if (!intact(f)) {
                    return false;
                }
                long within = offset + pos - start;
                int n = (int) Math.min(size - within, length - pos);
                ByteBuffer part = dst.slice(dst.position(), n);
                try (FileChannel in = FileChannel.open(location(f), StandardOpenOption.READ)) {
                    while (part.hasRemaining()) {
                        if (in.read(part, within + part.position()) < 0) {
                            return false;
                        }
                    }
                } catch (NoSuchFileException e) {
                    return false;
                }
                dst.position(dst.position() + n);
                pos += n;
            }
            start = end;
        }
        return pos == length;
    }

    byte[] encode() {
        ByteBuffer buf = ByteBuffer.allocate(encodedSize());
        buf.put((byte) VERSION).put((byte) (partial ? 1 : 0));
        putString(buf, base.toString());
        buf.putInt(files.size());
        for (Entry e : files) {
            putString(buf, e.path());
            buf.putLong(e.size()).putLong(e.modified());
        }
        return buf.array();
    }

    private int encodedSize() {
        int n = 2 + 4 + base.toString().getBytes(StandardCharsets.UTF_8).length + 4;
        for (Entry e : files) {
            n += 4 + e.path().getBytes(StandardCharsets.UTF_8).length + 16;
        }
        return n;
    }

    static ChunkFiles decode(byte[] bytes) {
        if (bytes.length > MAX_ENCODED) {
            throw new StorageException("chunk file record of " + bytes.length + " bytes", null);
        }
        try {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            if (buf.get() != VERSION) {
                throw new StorageException("unknown chunk file record version", null);
            }
            boolean partial = buf.get() == 1;
            Path base = Path.of(getString(buf));
            int n = buf.getInt();
            if (n < 0 || n > buf.remaining() / 20) {
                throw new StorageException("chunk file record lists " + n + " files", null);
            }
            List<Entry> files = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                files.add(new Entry(getString(buf), buf.getLong(), buf.getLong()));
            }
            if (buf.hasRemaining()) {
                throw new StorageException("trailing bytes in a chunk file record", null);
            }
            return new ChunkFiles(base, files, partial);
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw new StorageException("truncated chunk file record", e);
        }
    }

    private static void putString(ByteBuffer buf, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        buf.putInt(b.length).put(b);
    }

    private static String getString(ByteBuffer buf) {
        int n = buf.getInt();
        if (n < 0 || n > buf.remaining()) {
            throw new StorageException("string of " + n + " bytes in a chunk file record", null);
        }
        byte[] b = new byte[n];
        buf.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}

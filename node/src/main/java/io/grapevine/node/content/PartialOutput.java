package io.grapevine.node.content;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A share's files being written under their partial names while chunks arrive: each verified chunk is written at its
 * place, where it then lives (the chunk store indexes it there), so the end of a download is a short fill, fsync and
 * rename. Bytes a partial file already holds are trusted only chunk by chunk, once re-hashed ({@link #readPlaced},
 * {@link #markWritten}): {@link #finish} fills every chunk not written or confirmed in this session from the
 * (verified) store. Same guarantees as {@link ContentAssembler#write}: a final name only ever holds a complete,
 * verified file.
 *
 * <p>A chunk that fills whole blocks of one file is written with direct I/O (O_DIRECT) where the file system allows
 * it: on the 2-core test VM a buffered write of 1 GiB cost the leecher 1.7-3.3 CPU-seconds of kernel page-cache
 * copying (a quarter of its CPU in a download), a direct write 0.1-0.3. Everything else (a file's last, partial
 * block, a chunk spanning two files, a file system without direct I/O) is written through the page cache. Either
 * way the bytes are in the file (or the device) when {@link #write} returns, and {@link #finish} fsyncs each file.
 */
public final class PartialOutput {
    private static final int MAX_OPEN = 32;

    private final ContentManifest manifest;
    private final List<Path> targets = new ArrayList<>();
    private final long[] starts;
    private final BitSet written = new BitSet();
    private final Map<Integer, FileChannel> open = new LinkedHashMap<>(16, 0.75f, true);
    private final DirectWriter direct = new DirectWriter();
    private boolean done;
    private IOException failure;

    /** Checks every target path (inside {@code outDir}, valid names) before anything is written. */
    public PartialOutput(ContentManifest manifest, Path outDir) {
        this.manifest = manifest;
        List<ContentFile> files = manifest.files();
        starts = new long[files.size()];
        long offset = 0;
        for (int f = 0; f < files.size(); f++) {
            targets.add(ContentAssembler.target(outDir, files.get(f).path()));
            starts[f] = offset;
            offset += files.get(f).size();
        }
    }

    /**
     * Writes a chunk whose bytes were verified against the manifest; returns whether its bytes are now in the
     * partial file (false once finished, aborted or failed). A write that fails (disk full, unwritable folder) stops
     * the output but not the download: the caller keeps such chunks in the store, and {@link #finish} reports the
     * failure.
     */
    public synchronized boolean write(int index, byte[] data) {
        if (data.length != manifest.chunkLength(index)) {
            throw new IllegalArgumentException("chunk " + index + " has " + data.length + " bytes");
        }
        if (done || failure != null) {
            return false;
        }
        if (written.get(index)) {
            return true;
        }
        try {
            place(index, data);
            return true;
        } catch (IOException e) {
            failure = e;
            close();
            return false;
        }
    }

    /**
     * What the partial files hold at chunk {@code index}'s place (left by an earlier session), or null when a file
     * is missing or too short. Not trusted until the caller re-hashed it and called {@link #markWritten}.
     */
    public synchronized byte[] readPlaced(int index) {
        byte[] out = new byte[manifest.chunkLength(index)];
        long offset = manifest.chunkOffset(index);
        int pos = 0;
        for (int f = fileAt(offset); pos < out.length && f < targets.size(); f++) {
            long size = manifest.files().get(f).size();
            long within = offset + pos - starts[f];
            if (within >= size) {
                continue;
            }
            int n = (int) Math.min(size - within, out.length - pos);
            Path partial = ContentAssembler.partialName(targets.get(f));
            try (FileChannel in = FileChannel.open(partial, StandardOpenOption.READ)) {
                ByteBuffer dst = ByteBuffer.wrap(out, pos, n);
                while (dst.hasRemaining()) {
                    if (in.read(dst, within + dst.position() - pos) < 0) {
                        return null;
                    }
                }
            } catch (IOException e) {
                return null;
            }
            pos += n;
        }
        return pos == out.length ? out : null;
    }

    /** Chunk pieces written with direct I/O so far (the others went through the page cache). */
    synchronized long directWrites() {
        return direct.writes();
    }

    /** Chunk {@code index} is in place (its bytes in the partial file were re-hashed): {@link #finish} keeps them. */
    public synchronized void markWritten(int index) {
        written.set(index);
    }

    private void place(int index, byte[] data) throws IOException {
        long offset = manifest.chunkOffset(index);
        int f = fileAt(offset);
        int pos = 0;
        while (pos < data.length) {
            long size = manifest.files().get(f).size();
            long within = offset + pos - starts[f];
            if (within >= size) {
                f++;
                continue;
            }
            int n = (int) Math.min(size - within, data.length - pos);
            Path partial = ContentAssembler.partialName(targets.get(f));
            if (!direct.write(f, partial, data, pos, n, within)) {
                FileChannel out = channel(f);
                ByteBuffer src = ByteBuffer.wrap(data, pos, n);
                while (src.hasRemaining()) {
                    out.write(src, within + src.position() - pos);
                }
            }
            pos += n;
        }
        written.set(index);
    }

    /**
     * Writes every chunk not written in this session from {@code source} (each re-checked against its id), fsyncs
     * and renames each file into place; returns the final paths. On failure the partial files are removed.
     */
    public synchronized List<Path> finish(ContentAssembler.ChunkSource source) throws IOException {
        try {
            if (failure != null) {
                throw failure;
            }
            for (int i = written.nextClearBit(0); i < manifest.chunkCount(); i = written.nextClearBit(i + 1)) {
                place(i, ContentAssembler.verified(manifest, source, i));
            }
            done = true;
            direct.close();
            for (int f = 0; f < targets.size(); f++) {
                FileChannel out = channel(f);
                long size = manifest.files().get(f).size();
                if (out.size() > size) {
                    out.truncate(size);
                }
                out.force(true);
                out.close();
                open.remove(f);
                Path target = targets.get(f);
                Files.move(ContentAssembler.partialName(target), target, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                ContentAssembler.syncFolder(target.getParent());
            }
            return List.copyOf(targets);
        } catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
    }

    /** Stops writing and removes the partial files (failure, cancel). */
    public synchronized void abort() {
        close();
        for (Path target : targets) {
            try {
                Files.deleteIfExists(ContentAssembler.partialName(target));
            } catch (IOException ignored) {
                // best effort: a partial name is never mistaken for the file
            }
        }
    }

    /** Stops writing and leaves the partial files (the node stops; the next session truncates and rewrites them). */
    public synchronized void close() {
        done = true;
        direct.close();
        for (FileChannel c : open.values()) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing to keep: the partial file is not trusted by the next session
            }
        }
        open.clear();
    }

    private int fileAt(long offset) {
        int lo = 0;
        int hi = starts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private FileChannel channel(int f) throws IOException {
        FileChannel c = open.get(f);
        if (c != null) {
            return c;
        }
        if (open.size() >= MAX_OPEN) {
            Iterator<FileChannel> eldest = open.values().iterator();
            eldest.next().close();
            eldest.remove();
        }
        Path partial = ContentAssembler.partialName(targets.get(f));
        Files.createDirectories(partial.getParent());
        // Never truncated: chunks an earlier session placed there stay (each re-hashed before it is trusted), and
        // finish() cuts the file to its size.
        c = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        open.put(f, c);
        return c;
    }
}

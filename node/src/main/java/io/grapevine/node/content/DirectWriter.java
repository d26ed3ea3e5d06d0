package io.grapevine.node.content;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Direct-I/O (O_DIRECT) writes for {@link PartialOutput}: whole, block-aligned pieces go from one reused aligned
 * buffer straight to the device, skipping the kernel's page-cache copy. A file whose file system refuses direct I/O
 * (tmpfs, some network file systems) is remembered and written the ordinary way. Not thread-safe: its owner
 * serializes calls.
 */
final class DirectWriter {
    private static final Logger LOG = LoggerFactory.getLogger(DirectWriter.class);
    /** Open direct channels kept at most; a folder share with more files reopens them. */
    private static final int MAX_OPEN = 8;

    private final Map<Integer, FileChannel> channels = new HashMap<>();
    /** Files where direct I/O failed or is not possible: written through the page cache from then on. */
    private final BitSet refused = new BitSet();
    private ByteBuffer buffer;
    private int align;
    private long writes;

    /**
     * Writes {@code data[pos, pos + n)} at {@code offset} of file {@code f} ({@code path}) if it can be done with
     * direct I/O; false when the caller must write it itself (unaligned, or direct I/O unavailable for the file).
     */
    boolean write(int f, Path path, byte[] data, int pos, int n, long offset) {
        if (refused.get(f) || n == 0) {
            return false;
        }
        try {
            FileChannel channel = channel(f, path);
            if (channel == null || offset % align != 0 || n % align != 0) {
                return false;
            }
            ByteBuffer src = buffer(n);
            src.put(data, pos, n).flip();
            while (src.hasRemaining()) {
                channel.write(src, offset + src.position());
            }
            writes++;
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            // EINVAL from an alignment the device did not accept, or a file system without O_DIRECT: the caller's
            // ordinary write follows, and reports a real error (disk full) if there is one.
            LOG.info("direct I/O refused for {}; writing it through the page cache: {}", path, e.toString());
            refused.set(f);
            closeChannel(f);
            return false;
        }
    }

    private FileChannel channel(int f, Path path) throws IOException {
        FileChannel c = channels.get(f);
        if (c != null) {
            return c;
        }
        // The folder first: the file store of a folder not yet created cannot be asked (a download's first write
        // once refused direct I/O for the whole file that way).
        Files.createDirectories(path.getParent());
        if (align == 0) {
            long size = Files.getFileStore(path.getParent()).getBlockSize();
            if (size <= 0 || size > (1 << 16) || Long.bitCount(size) != 1) {
                LOG.info("no direct I/O for {}: block size {}", path, size);
                refused.set(f);
                return null;
            }
            align = (int) size;
        }
        if (channels.size() >= MAX_OPEN) {
            close();
        }
        // Never truncated, as in PartialOutput: earlier sessions' chunks stay until re-hashed.
        c = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
        channels.put(f, c);
        return c;
    }

    /** The aligned buffer, grown to {@code n} bytes when a larger chunk comes; cleared for the next write. */
    private ByteBuffer buffer(int n) {
        if (buffer == null || buffer.capacity() < n) {
            buffer = ByteBuffer.allocateDirect(n + align).alignedSlice(align);
        }
        buffer.clear();
        return buffer.limit(n);
    }

    private void closeChannel(int f) {
        FileChannel c = channels.remove(f);
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // the ordinary channel writes (and fsyncs) the same file
            }
        }
    }

    /** Pieces written with direct I/O so far. */
    long writes() {
        return writes;
    }

    /** Closes every direct channel; the aligned buffer is kept for later writes. */
    void close() {
        for (FileChannel c : channels.values()) {
            try {
                c.close();
            } catch (IOException ignored) {
                // fsync and rename go through the ordinary channel
            }
        }
        channels.clear();
    }
}

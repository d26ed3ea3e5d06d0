import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a seeder could read 1 MiB chunks from a shared, page-cached file into a heap array (what Noise encrypts from):
 * CPU-seconds per GiB for FileChannel.read into a heap buffer (what ChunkFiles does; the JDK goes through a temporary
 * direct buffer), the same opening the file per chunk, a reused direct buffer then a copy, a MappedByteBuffer then a
 * copy, and RandomAccessFile.readFully. Run: {@code java docs/bench/ChunkReadPaths.java FILE} (FILE of >= 1 GiB,
 * read once before so it is in the page cache).
 */
public class ChunkReadPaths {
    static final int CHUNK = 1 << 20;

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long size = Files.size(file);
        int chunks = (int) (size / CHUNK);
        byte[] array = new byte[CHUNK];
        ByteBuffer heap = ByteBuffer.wrap(array);
        ByteBuffer direct = ByteBuffer.allocateDirect(CHUNK);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        String[] ways = {"channel-heap", "channel-heap-open-per-chunk", "channel-direct-copy", "mmap-copy", "raf"};
        for (int round = 0; round < 4; round++) {
            for (String way : ways) {
                long c0 = cpu.getCurrentThreadCpuTime();
                long sum = 0;
                try (FileChannel ch = FileChannel.open(file); RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                    MappedByteBuffer map = way.equals("mmap-copy") ? ch.map(FileChannel.MapMode.READ_ONLY, 0, size) : null;
                    for (int i = 0; i < chunks; i++) {
                        long off = (long) i * CHUNK;
                        switch (way) {
                            case "channel-heap" -> readFully(ch, heap.clear(), off);
                            case "channel-heap-open-per-chunk" -> {
                                try (FileChannel once = FileChannel.open(file)) {
                                    readFully(once, heap.clear(), off);
                                }
                            }
                            case "channel-direct-copy" -> {
                                readFully(ch, direct.clear(), off);
                                direct.flip().get(array);
                            }
                            case "mmap-copy" -> map.get((int) off, array, 0, CHUNK);
                            default -> {
                                raf.seek(off);
                                raf.readFully(array);
                            }
                        }
                        sum += array[i & (CHUNK - 1)];
                    }
                }
                double perGib = (cpu.getCurrentThreadCpuTime() - c0) / 1e9 * (1 << 30) / ((double) chunks * CHUNK);
                if (round > 0) { // round 0 warms the JIT
                    System.out.printf("round %d  %-28s %.3f CPU-s per GiB  (%d)%n", round, way, perGib, sum);
                }
            }
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long offset) throws java.io.IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf, offset + buf.position()) < 0) {
                throw new java.io.EOFException();
            }
        }
    }
}

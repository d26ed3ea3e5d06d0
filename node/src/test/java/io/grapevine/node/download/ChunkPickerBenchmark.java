package io.grapevine.node.download;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a timed test: the download manager's own CPU for picking the chunks of a whole download, by content size and
 * number of peers, for the bucketed picker and the old sorting one ({@link ReferenceChunkPicker}). Simulated: every
 * peer holds the whole content, asks for batches of 32 and keeps two in flight (as {@code PeerWorker} does), each
 * chunk is verified as its batch completes. Run with
 * {@code ./mvnw -q -o -pl node test -Dskip.npm=true -Dtest=ChunkPickerBenchmark -Dbench=true}; output in
 * node/target/surefire-reports/io.grapevine.node.download.ChunkPickerBenchmark-output.txt.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class ChunkPickerBenchmark {
    private static final int BATCH = 32;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /** Both pickers, behind the operations a download uses. */
    private interface Picker {
        void addPeer(BitSet have);

        List<Integer> pick(BitSet have, int max, int endgameMax, BitSet mine);

        boolean markVerified(int index);

        void release(int index);

        int remaining();
    }

    private static Picker bucketed(int n) {
        ChunkPicker p = new ChunkPicker(n, new BitSet(), new Random(1));
        return new Picker() {
            public void addPeer(BitSet have) { p.addPeer(have); }
            public List<Integer> pick(BitSet have, int max, int e, BitSet mine) { return p.pick(have, max, e, mine); }
            public boolean markVerified(int index) { return p.markVerified(index); }
            public void release(int index) { p.release(index); }
            public int remaining() { return p.remaining(); }
        };
    }

    private static Picker sorting(int n) {
        ReferenceChunkPicker p = new ReferenceChunkPicker(n, new BitSet(), new Random(1));
        return new Picker() {
            public void addPeer(BitSet have) { p.addPeer(have); }
            public List<Integer> pick(BitSet have, int max, int e, BitSet mine) { return p.pick(have, max, e, mine); }
            public boolean markVerified(int index) { return p.markVerified(index); }
            public void release(int index) { p.release(index); }
            public int remaining() { return p.remaining(); }
        };
    }

    /** Picks a whole download (or {@code maxChunks} of it); returns CPU-nanoseconds and chunks verified. */
    private static long[] download(Picker picker, int n, int peerCount, int maxChunks) {
        BitSet all = new BitSet(n);
        all.set(0, n);
        List<BitSet> mine = new ArrayList<>();
        List<ArrayDeque<List<Integer>>> batches = new ArrayList<>();
        long t0 = CPU.getCurrentThreadCpuTime();
        for (int p = 0; p < peerCount; p++) {
            picker.addPeer(all);
            mine.add(new BitSet());
            batches.add(new ArrayDeque<>());
        }
        int verified = 0;
        for (int turn = 0; picker.remaining() > 0 && verified < maxChunks; turn++) {
            int p = turn % peerCount;
            if (batches.get(p).size() == 2) { // the oldest batch lands
                for (int i : batches.get(p).poll()) {
                    if (picker.markVerified(i)) {
                        verified++;
                    }
                    picker.release(i);
                    mine.get(p).clear(i);
                }
            }
            List<Integer> picked = picker.pick(all, BATCH, 2, mine.get(p));
            picked.forEach(mine.get(p)::set);
            batches.get(p).add(picked);
        }
        return new long[] {CPU.getCurrentThreadCpuTime() - t0, verified};
    }

    @Test
    void pickingAWholeDownload() {
        for (int warm = 0; warm < 3; warm++) { // JIT both before measuring
            download(bucketed(102_400), 102_400, 3, Integer.MAX_VALUE);
            download(sorting(8_192), 8_192, 3, Integer.MAX_VALUE);
        }
        System.out.println("| chunks | peers | picker | chunks picked | CPU-s | µs per chunk |");
        System.out.println("|---:|---:|---|---:|---:|---:|");
        for (int n : new int[] {1_024, 102_400, 1_048_576}) {
            for (int peers : new int[] {1, 3, 30}) {
                report(n, peers, "buckets", download(bucketed(n), n, peers, Integer.MAX_VALUE));
                // The sorting picker costs O(n log n) a batch: at 10^6 chunks only its first 20,000 are timed.
                int limit = n > 200_000 ? 20_000 : Integer.MAX_VALUE;
                report(n, peers, "sorting (before)", download(sorting(n), n, peers, limit));
            }
        }
    }

    private static void report(int n, int peers, String name, long[] r) {
        System.out.printf("| %,d | %d | %s | %,d | %.3f | %.2f |%n", n, peers, name, r[1], r[0] / 1e9,
                r[0] / 1e3 / Math.max(1, r[1]));
    }
}

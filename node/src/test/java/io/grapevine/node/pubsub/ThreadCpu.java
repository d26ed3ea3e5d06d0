package io.grapevine.node.pubsub;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * CPU time of this JVM split by kind of thread, for benchmarks: where a receiver's per-message cost goes (Netty event
 * loops, gossipsub router, verifiers, the rest of the Java threads, and the JVM's own JIT and GC threads, which
 * {@link java.lang.management.ThreadMXBean} does not list: read from /proc on Linux; the rest of the process total
 * is "rest of the JVM").
 */
public final class ThreadCpu {
    private static final Map<String, String> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put("grapevine-gossipsub-verify", "verifiers");
        GROUPS.put("grapevine-gossipsub-", "router");
        GROUPS.put("multiThreadIoEventLoopGroup", "event loops");
    }

    private final Map<String, Long> nanos;
    private final long contextSwitches;

    private ThreadCpu(Map<String, Long> nanos, long contextSwitches) {
        this.nanos = nanos;
        this.contextSwitches = contextSwitches;
    }

    /** The CPU used so far; threads that ended meanwhile are lost from their group (it shows as "JVM"). */
    public static ThreadCpu now() {
        var threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> sums = new LinkedHashMap<>();
        GROUPS.values().forEach(g -> sums.put(g, 0L));
        sums.put("other Java threads", 0L);
        long java = 0;
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            java += cpu;
            sums.merge(groupOf(info.getThreadName()), cpu, Long::sum);
        }
        long process = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                .getProcessCpuTime();
        long jit = nativeThreadsNanos("C1 CompilerThre", "C2 CompilerThre");
        long gc = nativeThreadsNanos("GC Thread", "G1 ");
        sums.put("JIT", jit);
        sums.put("GC", gc);
        sums.put("rest of the JVM", Math.max(0, process - java - jit - gc));
        sums.put("total", process);
        return new ThreadCpu(sums, contextSwitches());
    }

    /**
     * CPU of the JVM's own threads whose OS name starts with one of {@code prefixes}, from /proc (Linux; zero
     * elsewhere). Clock ticks of 10 ms: fine over runs of seconds.
     */
    private static long nativeThreadsNanos(String... prefixes) {
        return 10_000_000L * sumOverThreads(task -> {
            String stat = Files.readString(task.resolve("stat"));
            int close = stat.lastIndexOf(')');
            String name = stat.substring(stat.indexOf('(') + 1, close);
            if (Arrays.stream(prefixes).noneMatch(name::startsWith)) {
                return 0;
            }
            String[] fields = stat.substring(close + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
        });
    }

    /** Context switches of all the JVM's threads so far (each wake-up of a sleeping thread is one), from /proc. */
    private static long contextSwitches() {
        return sumOverThreads(task -> {
            long sum = 0;
            for (String line : Files.readAllLines(task.resolve("status"))) {
                if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                    sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            return sum;
        });
    }

    /** What one thread's /proc/self/task entry says. */
    private interface PerThread {
        long read(Path task) throws IOException;
    }

    /** The sum of {@code perThread} over the JVM's threads (zero without /proc; threads that end meanwhile count 0). */
    private static long sumOverThreads(PerThread perThread) {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return 0;
        }
        long sum = 0;
        try (var dirs = Files.list(tasks)) {
            for (Path task : dirs.toList()) {
                try {
                    sum += perThread.read(task);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return sum;
    }

    private static String groupOf(String threadName) {
        for (var e : GROUPS.entrySet()) {
            if (threadName.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return "other Java threads";
    }

    /** "group X us, ..., N context switches" per message between {@code earlier} and this snapshot. */
    public String perMessageSince(ThreadCpu earlier, long messages) {
        StringJoiner out = new StringJoiner(", ");
        nanos.forEach((group, n) -> out.add(String.format("%s %.0f us", group,
                (n - earlier.nanos.getOrDefault(group, 0L)) / 1e3 / Math.max(1, messages))));
        out.add(String.format("%.2f context switches", (contextSwitches - earlier.contextSwitches)
                / (double) Math.max(1, messages)));
        return out.toString();
    }
}

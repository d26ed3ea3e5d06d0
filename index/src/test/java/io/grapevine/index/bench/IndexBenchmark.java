package io.grapevine.index.bench;

import io.grapevine.index.AnnouncementIndex;
import io.grapevine.index.IndexConfig;
import io.grapevine.index.query.SearchFilters;
import io.grapevine.index.search.SearchRequest;
import io.grapevine.index.search.SortOrder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Indexes N synthetic announcements through {@link AnnouncementIndex#upsert}, then runs a mixed query set. Not a test:
 * run it with docs/bench/index-bench.sh. Args: [items=1000000] [indexing threads=2] [queries=2000] [dir or - for a temp dir] [refresh ms=1000]
 * [RAM buffer MB=config default].
 */
public final class IndexBenchmark {
  public static void main(String[] args) throws Exception {
    long items = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int queries = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
    boolean temporary = args.length <= 3 || args[3].equals("-");
    Path dir = temporary ? Files.createTempDirectory("grapevine-index-bench") : Path.of(args[3]);
    Duration refresh = Duration.ofMillis(args.length > 4 ? Long.parseLong(args[4]) : 1_000);
    IndexConfig config = IndexConfig.at(dir).withRefreshInterval(refresh);
    if (args.length > 5) {
      config = config.withRamBufferMb(Double.parseDouble(args[5]));
    }
    SyntheticItems data = new SyntheticItems(50_000, 5_000);
    System.out.printf("items=%d threads=%d queries=%d dir=%s refresh=%s ram buffer=%.0fMB cores=%d heap=%dMB%n", items,
        threads, queries, dir, refresh, config.ramBufferMb(),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

    try (AnnouncementIndex index = AnnouncementIndex.open(config)) {
      long t0 = System.nanoTime();
      long cpu0 = processCpuNs();
      System.out.printf("load average at start: %.2f%n", loadAverage());
      AtomicLong next = new AtomicLong();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          for (long i = next.getAndIncrement(); i < items; i = next.getAndIncrement()) {
            index.upsert(data.item(i));
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      pool.shutdown();
      long indexedNs = System.nanoTime() - t0;
      index.commit();
      index.refresh();
      long committedNs = System.nanoTime() - t0;
      long cpuNs = processCpuNs() - cpu0;
      long bytes = directoryBytes(dir);
      System.out.printf("indexed %d items in %.1f s (%.0f docs/s); with commit+refresh %.1f s (%.0f docs/s)%n",
          items, indexedNs / 1e9, items / (indexedNs / 1e9), committedNs / 1e9, items / (committedNs / 1e9));
      System.out.printf("indexing CPU: %.1f s (%.0f docs per CPU-second, %.2f cores busy); load average now %.2f%n",
          cpuNs / 1e9, items / (cpuNs / 1e9), (double) cpuNs / committedNs, loadAverage());
      System.out.printf("disk: %d bytes, %.0f bytes/doc (after commit, segments as merged so far)%n",
          bytes, (double) bytes / items);
      System.out.printf("searchable: %d%n", index.size());
      runQueries(index, data, items, queries);
    }
    System.out.printf("disk after close: %.0f bytes/doc%n", (double) directoryBytes(dir) / items);
    if (temporary) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
    }
  }

  private static void runQueries(AnnouncementIndex index, SyntheticItems data, long items, int count)
      throws IOException {
    SplittableRandom r = new SplittableRandom(99);
    String[] kinds = {"term", "and", "phrase", "filter", "facet", "sort-date", "sort-size", "prefix"};
    List<SearchRequest> warmup = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      warmup.add(request(kinds[i % kinds.length], data, items, r));
    }
    for (SearchRequest q : warmup) {
      index.search(q);
    }
    System.out.printf("load average before queries: %.2f%n", loadAverage());
    long queryCpu0 = processCpuNs();
    long queryT0 = System.nanoTime();
    Map<String, List<Long>> latencies = new LinkedHashMap<>();
    List<Long> all = new ArrayList<>();
    List<Long> allCpu = new ArrayList<>();
    java.lang.management.ThreadMXBean threadBean = java.lang.management.ManagementFactory.getThreadMXBean();
    long hitsSeen = 0;
    for (int i = 0; i < count; i++) {
      String kind = kinds[i % kinds.length];
      SearchRequest q = request(kind, data, items, r);
      long c = threadBean.getCurrentThreadCpuTime();
      long t = System.nanoTime();
      hitsSeen += index.search(q).hits().size();
      long ns = System.nanoTime() - t;
      allCpu.add(threadBean.getCurrentThreadCpuTime() - c);
      latencies.computeIfAbsent(kind, k -> new ArrayList<>()).add(ns);
      all.add(ns);
    }
    long queryWallNs = System.nanoTime() - queryT0;
    System.out.printf("queries: %d (after 300 warm-up), mean hits/page %.1f; %.2f cores busy; load average now %.2f%n",
        count, (double) hitsSeen / count, (double) (processCpuNs() - queryCpu0) / queryWallNs, loadAverage());
    latencies.forEach((kind, l) -> System.out.printf("  %-10s p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms%n", kind,
        pct(l, 50), pct(l, 99), pct(l, 100)));
    System.out.printf("  %-10s p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms%n", "ALL", pct(all, 50), pct(all, 99),
        pct(all, 100));
    // CPU time of the query thread: what the query costs, less sensitive than wall time to other processes' load.
    System.out.printf("  %-10s p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms  (query thread CPU time)%n", "ALL cpu",
        pct(allCpu, 50), pct(allCpu, 99), pct(allCpu, 100));
  }

  private static SearchRequest request(String kind, SyntheticItems data, long items, SplittableRandom r) {
    String w1 = data.word(r);
    String w2 = data.word(r);
    return switch (kind) {
      case "term" -> SearchRequest.of(w1);
      case "and" -> SearchRequest.of(w1 + " " + w2);
      case "phrase" -> {
        String[] title = data.titleOf(r.nextLong(items)).split(" ");
        int start = r.nextInt(title.length - 1);
        yield SearchRequest.of("\"" + title[start] + " " + title[start + 1] + "\"");
      }
      case "filter" -> SearchRequest.of(w1).withFilters(SearchFilters.NONE
          .withPrice(SearchFilters.PriceFilter.FREE).withMediaTypes(Set.of("video"))
          .withSize(1_000_000L, 5_000_000_000L));
      case "facet" -> SearchRequest.of(w1).withFacets(true);
      case "sort-date" -> SearchRequest.of(w1).withSort(SortOrder.NEWEST);
      case "sort-size" -> SearchRequest.of(w1).withSort(SortOrder.LARGEST);
      case "prefix" -> SearchRequest.of(w1.length() >= 4 ? w1.substring(0, 3) + "*" : w1);
      default -> throw new IllegalArgumentException(kind);
    };
  }

  private static long processCpuNs() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static double pct(List<Long> ns, int p) {
    long[] sorted = ns.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    int idx = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
    return sorted[Math.max(0, idx)] / 1e6;
  }

  private static long directoryBytes(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.mapToLong(f -> {
        try {
          return Files.size(f);
        } catch (IOException e) {
          return 0;
        }
      }).sum();
    }
  }
}

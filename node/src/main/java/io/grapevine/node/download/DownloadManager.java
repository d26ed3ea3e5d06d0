package io.grapevine.node.download;

import io.grapevine.node.content.ContentIds;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.storage.ChunkStore;
import io.grapevine.node.storage.ContentDatabase;
import io.grapevine.node.storage.DownloadStore;
import io.grapevine.node.storage.ManifestStore;
import io.grapevine.node.storage.PinStore;
import io.grapevine.node.transfer.InflightBudget;
import io.grapevine.node.transfer.PeerPenalties;
import io.grapevine.node.transfer.RateLimiter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the node's downloads: each from several providers at once, rarest chunk first, every chunk verified before it
 * is stored, state in the {@code downloads} column family so that a restart (or a kill -9) resumes where the chunk
 * store left off. {@link #open} resumes every unfinished download it finds. Close it before the database, and shut
 * down the store executor (where chunk writes run) before closing the database too.
 */
public final class DownloadManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DownloadManager.class);

    private final DownloadContext ctx;
    private final Map<Cid, Download> downloads = new LinkedHashMap<>();
    private boolean closed;

    private DownloadManager(DownloadContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Starts a manager: resumes the running (and reloads the paused) downloads recorded in {@code database}, and lists
     * the completed and failed ones again.
     */
    public static DownloadManager open(Host host, ContentDatabase database, ChunkStore chunks, ManifestStore manifests,
            PeerPenalties penalties, Executor store, DownloadSettings settings) {
        return open(host, database, chunks, manifests, penalties, store, settings, null);
    }

    /** As above, with every download's reads paced by {@code downloadLimit} (null: unlimited). */
    public static DownloadManager open(Host host, ContentDatabase database, ChunkStore chunks, ManifestStore manifests,
            PeerPenalties penalties, Executor store, DownloadSettings settings, RateLimiter downloadLimit) {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "download-timers");
            t.setDaemon(true);
            return t;
        });
        DownloadManager manager = new DownloadManager(new DownloadContext(host, chunks, manifests,
                new DownloadStore(database), new PinStore(database), penalties, store, timers, settings, downloadLimit,
                new InflightBudget(settings.inflightBytes())));
        manager.resumeRecorded();
        return manager;
    }

    private synchronized void resumeRecorded() {
        for (Map.Entry<Cid, byte[]> e : ctx.records().all().entrySet()) {
            DownloadRecord record;
            try {
                record = DownloadRecord.decode(e.getValue());
            } catch (RuntimeException bad) {
                LOG.warn("ignoring damaged download record for {}: {}", e.getKey(), bad.getMessage());
                continue;
            }
            if (record.state() == DownloadState.RUNNING || record.state() == DownloadState.PAUSED) {
                LOG.info("resuming download {} ({}) into {}", e.getKey(), record.state(), record.outputDir());
                Download d = new Download(ctx, e.getKey(), record);
                downloads.put(e.getKey(), d);
                d.begin();
            } else if (record.state() == DownloadState.COMPLETED || record.state() == DownloadState.FAILED) {
                downloads.put(e.getKey(), Download.finished(ctx, e.getKey(), record));
            }
        }
    }

    /**
     * Starts downloading {@code contentId} (a content id, codec 0x300000) from {@code providers} into
     * {@code outputDir}. The content is pinned while it is downloaded (and stays pinned, for seeding).
     */
    public synchronized Download start(Cid contentId, List<Multiaddr> providers, Path outputDir) {
        if (closed) {
            throw new IllegalStateException("the download manager is closed");
        }
        if (!ContentIds.isManifestId(contentId)) {
            throw new IllegalArgumentException("not a content id: " + contentId);
        }
        if (providers.isEmpty()) {
            throw new IllegalArgumentException("no provider for " + contentId);
        }
        Download existing = downloads.get(contentId);
        if (existing != null && existing.live()) {
            throw new IllegalStateException("already downloading " + contentId + " into " + existing.outputDir());
        }
        DownloadRecord record = new DownloadRecord(DownloadState.RUNNING, System.currentTimeMillis(),
                outputDir.toAbsolutePath().normalize(), providers.stream().distinct().toList());
        byte[] encoded = record.encode(); // refuses an over-long path before anything is written
        ctx.pins().pin(contentId);
        ctx.records().put(contentId, encoded);
        Download d = new Download(ctx, contentId, record);
        downloads.put(contentId, d);
        d.begin();
        return d;
    }

    public synchronized Optional<Download> get(Cid contentId) {
        return Optional.ofNullable(downloads.get(contentId));
    }

    /** The node-wide bound on chunks asked for and not yet stored, and how much of it is in use. */
    public InflightBudget inflight() {
        return ctx.inflight();
    }

    public synchronized List<Download> downloads() {
        return new ArrayList<>(downloads.values());
    }

    /** Stops all network work; recorded state stays as it is, so the next {@link #open} resumes. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        downloads.values().forEach(Download::shutdown);
        ctx.timers().shutdownNow();
    }
}

package io.grapevine.node.daemon;

import io.grapevine.node.api.ApiRoutes;
import io.grapevine.node.api.content.ContentRoutes;
import io.grapevine.node.download.DownloadManager;
import io.grapevine.node.download.DownloadSettings;
import io.grapevine.node.download.ProviderSource;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.share.ShareRecord;
import io.grapevine.node.share.ShareService;
import io.grapevine.node.storage.ChunkStore;
import io.grapevine.node.storage.ContentDatabase;
import io.grapevine.node.storage.GarbageCollector;
import io.grapevine.node.storage.ManifestStore;
import io.grapevine.node.storage.PinStore;
import io.grapevine.node.storage.ShareStore;
import io.grapevine.node.transfer.ChunksService;
import io.grapevine.node.transfer.ContentCatalog;
import io.grapevine.node.transfer.ContentPolicy;
import io.grapevine.node.transfer.PeerPenalties;
import io.grapevine.node.transfer.TransferLimits;
import io.grapevine.node.transfer.TransferSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Content and transfer in the running node: the content database in the home, the {@code /grapevine/chunks/1}
 * responder, the download manager (which resumes recorded downloads), sharing, transfer limits and garbage
 * collection under the storage quota. Closed in the order the architecture requires: downloads, then serving and
 * the store executor, then the database.
 */
public final class ContentFeature implements NodeFeature {
    private static final Logger LOG = LoggerFactory.getLogger(ContentFeature.class);
    /** How often the chunk store is checked against the quota. */
    static final long GC_INTERVAL_SECONDS = 10;

    private final Host host;
    private final Path configFile;
    private final Path downloadFolder;
    private final ContentDatabase database;
    private final ChunkStore chunks;
    private final ManifestStore manifests;
    private final ExecutorService store;
    private final ScheduledExecutorService gcTimer;
    private final ChunksService chunksService;
    private final ContentCatalog catalog;
    private volatile ContentPolicy policy = ContentPolicy.ALLOW_ALL;
    private final TransferLimits limits;
    private final DownloadManager downloads;
    private final ShareService shares;
    private final GarbageCollector collector;
    private final List<ProviderSource> providerSources = new CopyOnWriteArrayList<>();
    private boolean closed;

    private ContentFeature(Host host, Path configFile, Path downloadFolder, ContentDatabase database,
            TransferSettings settings) {
        this.host = host;
        this.configFile = configFile;
        this.downloadFolder = downloadFolder;
        this.database = database;
        this.chunks = new ChunkStore(database);
        this.manifests = new ManifestStore(database);
        PinStore pins = new PinStore(database);
        this.store = Executors.newFixedThreadPool(2, daemon("content-store"));
        this.gcTimer = Executors.newSingleThreadScheduledExecutor(daemon("content-gc"));
        this.limits = new TransferLimits(settings);
        this.catalog = new ContentCatalog(manifests);
        this.chunksService = new ChunksService(chunks, catalog, store, limits);
        this.shares = new ShareService(chunks, manifests, pins, new ShareStore(database));
        this.collector = new GarbageCollector(chunks, manifests, pins);
        chunksService.register(host);
        this.downloads = DownloadManager.open(host, database, chunks, manifests, new PeerPenalties(), store,
                DownloadSettings.defaults(), limits.download());
        gcTimer.scheduleWithFixedDelay(this::collectIfOverQuota, GC_INTERVAL_SECONDS, GC_INTERVAL_SECONDS,
                TimeUnit.SECONDS);
    }

    /** Opens the content database in {@code home} and starts serving; call before the host starts. */
    public static ContentFeature open(NodeHome home, NodeConfig config, Host host) {
        ContentDatabase database = ContentDatabase.open(home.dir());
        try {
            return new ContentFeature(host, home.configFile(), config.downloadFolder(home.dir()), database,
                    config.transfer());
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    @Override
    public List<ApiRoutes> routes() {
        return List.of(new ContentRoutes(this));
    }

    /** The blocklist hook: blocked content is not served, and downloads of it are refused with the reason. */
    public void setContentPolicy(ContentPolicy policy) {
        this.policy = policy;
        catalog.setPolicy(policy);
    }

    /** Collects a content's chunks on the GC thread (it became blocked), unless pinned (shared or downloaded by the owner). */
    public void collectBlocked(Cid contentId) {
        gcTimer.execute(() -> {
            try {
                GarbageCollector.Result r = collector.collectContent(contentId);
                if (r.deletedChunks() > 0) {
                    LOG.info("blocked content {}: {} chunks, {} bytes collected", contentId, r.deletedChunks(), r.freedBytes());
                }
            } catch (RuntimeException e) {
                LOG.warn("collecting blocked content {} failed: {}", contentId, e.getMessage());
            }
        });
    }

    /** Why {@code contentId} must not be fetched or served here, or empty. */
    public java.util.Optional<String> refusal(Cid contentId) {
        return policy.refusal(contentId);
    }

    public ShareService shares() {
        return shares;
    }

    public DownloadManager downloads() {
        return downloads;
    }

    /** The chunks responder, for features that gate serving (the market's license gate). */
    public ChunksService chunksService() {
        return chunksService;
    }

    public ChunkStore chunks() {
        return chunks;
    }

    public ManifestStore manifests() {
        return manifests;
    }

    /** The node's one RocksDB, for features that keep their own column family in it (announcements, blocklists). */
    public ContentDatabase database() {
        return database;
    }

    /** The live limits (rates, upload slots with their refusal count). */
    public TransferLimits limits() {
        return limits;
    }

    /** The folder downloads are written under; the API never writes outside it. */
    public Path downloadFolder() {
        return downloadFolder;
    }

    /** Called with each share once it is stored (the announcements feature announces it). */
    public void addShareListener(Consumer<ShareRecord> listener) {
        shares.addListener(listener);
    }

    /** Adds a source of providers for downloads started without (or with too few) explicit ones. */
    public void addProviderSource(ProviderSource source) {
        providerSources.add(source);
    }

    /** The explicit providers first, then every source's, without duplicates; a failing source is skipped. */
    public List<Multiaddr> providers(Cid contentId, List<Multiaddr> explicit) {
        Set<Multiaddr> all = new LinkedHashSet<>(explicit);
        for (ProviderSource source : providerSources) {
            try {
                all.addAll(source.providers(contentId));
            } catch (RuntimeException e) {
                LOG.warn("provider source failed for {}: {}", contentId, e.toString());
            }
        }
        all.removeIf(a -> a.peerId().map(host.peerId()::equals).orElse(false));
        return new ArrayList<>(all);
    }

    public TransferSettings settings() {
        return limits.settings();
    }

    /** Applies new transfer settings at once, saves them in the node's config, and collects if now over quota. */
    public synchronized void updateSettings(TransferSettings next) throws IOException {
        limits.apply(next);
        NodeConfig.load(configFile).withTransfer(next).save(configFile);
        gcTimer.execute(this::collectIfOverQuota);
    }

    /** Runs garbage collection now if the chunk store is over the quota; returns what it did (null: nothing). */
    public GarbageCollector.Result collectIfOverQuota() {
        long quota = limits.settings().quotaBytes();
        if (quota <= 0 || chunks.totalBytes() <= quota) {
            return null;
        }
        try {
            GarbageCollector.Result r = collector.collect(quota);
            LOG.info("garbage collection: {} chunks, {} bytes freed, {} bytes stored (quota {})", r.deletedChunks(),
                    r.freedBytes(), r.totalBytesAfter(), quota);
            return r;
        } catch (RuntimeException e) {
            LOG.warn("garbage collection skipped: {}", e.getMessage());
            return null;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        chunksService.unregister(host);
        downloads.close();
        gcTimer.shutdownNow();
        store.shutdown();
        try {
            if (!store.awaitTermination(10, TimeUnit.SECONDS) || !gcTimer.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("content store work still running after 10 s; closing the database anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        database.close();
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}

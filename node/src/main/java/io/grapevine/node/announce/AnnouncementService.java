package io.grapevine.node.announce;

import io.grapevine.node.announce.proto.AnnounceMessage;
import io.grapevine.node.announce.proto.Announcement;
import io.grapevine.node.announce.proto.Retraction;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.pubsub.MessageIdFunction;
import io.grapevine.node.pubsub.gossipsub.GossipsubRouter;
import io.grapevine.node.search.IndexedItems;
import io.grapevine.node.search.SearchService;
import io.grapevine.node.storage.AnnouncementStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Announcements on {@code grapevine/announce/1}: validates them before relay (through {@link AnnouncementValidator}),
 * applies accepted ones to the store, the search index and the provider directory on one applier thread (gossip
 * handlers must not block the router), and publishes this node's own announcements and retractions, stamped on a
 * separate thread. {@link #insertVerified} is the entry point for catch-up (sync).
 */
public final class AnnouncementService implements AutoCloseable {
    public static final String TOPIC = "grapevine/announce/1";
    private static final Logger log = LoggerFactory.getLogger(AnnouncementService.class);
    private static final int APPLY_QUEUE = 10_000;
    private static final int STAMP_QUEUE = 100;
    /** Records checked per task in {@link #insertVerified(List)}. */
    private static final int CHECK_CHUNK = 128;

    private final AnnouncementStore store;
    private final AnnouncementChecker checker;
    private final AnnouncementAuthor author;
    private final SearchService search;
    private final ProviderDirectory providers;
    private final GossipsubRouter router;
    private final AnnouncementValidator validator;
    private final ExecutorService applier = singleThread("grapevine-announce-apply", APPLY_QUEUE);
    private final ExecutorService stamper = singleThread("grapevine-announce-stamp", STAMP_QUEUE);

    public AnnouncementService(AnnouncementStore store, AnnouncementChecker checker, AnnouncementAuthor author,
                               SearchService search, ProviderDirectory providers, GossipsubRouter router) {
        this.store = store;
        this.checker = checker;
        this.author = author;
        this.search = search;
        this.providers = providers;
        this.router = router;
        this.validator = new AnnouncementValidator(checker, router.localPeer(), providers);
    }

    /** Joins the topic: SHA-256 message ids (as on every Grapevine node), the validator, the handler. */
    public AnnouncementService start() {
        router.setMessageIdFunction(TOPIC, MessageIdFunction.SHA256_OF_DATA);
        router.addValidator(TOPIC, validator);
        router.subscribe(TOPIC, message -> {
            try {
                applier.execute(() -> apply(message.data()));
            } catch (RejectedExecutionException e) {
                log.warn("announcement queue full: dropped one from {} (catch-up will bring it back)", message.from());
            }
        });
        return this;
    }

    /** Stamps, signs, stores, indexes and publishes an announcement of ours; completes with it. */
    public CompletableFuture<Announcement> announce(AnnouncementDraft draft) {
        return CompletableFuture.supplyAsync(() -> {
            long started = System.nanoTime();
            Announcement a = author.announce(draft);
            long stamped = System.nanoTime();
            publishOwn(AnnounceCodec.encode(a)).join();
            log.info("announced {} ({}): stamp of {} bits {} ms, store+index+publish {} ms", draft.contentId(),
                    draft.title(), a.getStampDifficulty(), (stamped - started) / 1_000_000,
                    (System.nanoTime() - stamped) / 1_000_000);
            return a;
        }, stamper);
    }

    /** Signs, applies and publishes a retraction of an item we announced. */
    public CompletableFuture<Retraction> retract(Cid contentId) {
        return CompletableFuture.supplyAsync(() -> author.retract(contentId), stamper).thenCompose(r ->
                publishOwn(AnnounceCodec.encode(r)).thenApply(v -> r));
    }

    private CompletableFuture<Integer> publishOwn(byte[] data) {
        Verdict verdict = apply(data);
        if (!verdict.accepted()) {
            return CompletableFuture.failedFuture(new AnnounceFormatException(verdict.reason()));
        }
        return router.publish(TOPIC, data).exceptionally(e -> {
            // Stored already: catch-up will still spread it.
            log.warn("publishing our announcement failed: {}", e.getMessage());
            return 0;
        });
    }

    /**
     * Checks a record against every rule and, if accepted, stores and indexes it; for catch-up, which learns records
     * outside gossip. Returns the verdict.
     */
    public synchronized Verdict insertVerified(byte[] data) {
        return apply(data);
    }

    /**
     * {@link #insertVerified} for a batch (one sync message), in chunks: the rules that need only the record (parse,
     * limits, clock, stamp, signature; a chunk's Ed25519 signatures as one batch, {@link AnnouncementChecker#checkRecords})
     * run on the common fork-join pool (bounded by the cores) while this thread
     * applies the chunks already checked, in order and under the lock gossip uses: the rules against the store, then
     * the store and index writes. Verifying the next chunk thus overlaps storing this one, and this thread checks
     * chunks too whenever the one it must store next is still being checked.
     */
    public List<Verdict> insertVerified(List<byte[]> records) {
        List<CheckTask> tasks = new ArrayList<>();
        for (int from = 0; from < records.size(); from += CHECK_CHUNK) {
            CheckTask task = new CheckTask(records.subList(from, Math.min(records.size(), from + CHECK_CHUNK)));
            tasks.add(task);
            ForkJoinPool.commonPool().execute(task::run);
        }
        List<Verdict> out = new ArrayList<>(records.size());
        search.holdRefresh(); // searchable at the next refresh after the batch (or within the index's bound)
        try {
            applyChecked(records, tasks, out);
        } finally {
            search.releaseRefresh();
        }
        return out;
    }

    private void applyChecked(List<byte[]> records, List<CheckTask> tasks, List<Verdict> out) {
        for (int i = 0; i < tasks.size(); i++) {
            CheckTask task = tasks.get(i);
            task.run(); // a chunk no pool thread has taken yet is checked here rather than waited for
            // While a pool thread still checks it, check the next chunk nobody has taken instead of waiting: otherwise
            // the pool (one thread on two cores) checks every chunk and this thread idles between stores.
            for (int next = i + 1; next < tasks.size() && !task.result.isDone(); next++) tasks.get(next).run();
            List<Verdict> verdicts = task.result.join();
            synchronized (this) {
                for (Verdict v : verdicts) {
                    out.add(v.accepted() ? store(checkState(v), records.get(out.size())) : v);
                }
            }
        }
    }

    /** One chunk's record rules, run once by whichever thread takes it first. */
    private final class CheckTask {
        private final List<byte[]> chunk;
        private final AtomicBoolean taken = new AtomicBoolean();
        private final CompletableFuture<List<Verdict>> result = new CompletableFuture<>();

        CheckTask(List<byte[]> chunk) {
            this.chunk = chunk;
        }

        void run() {
            if (taken.compareAndSet(false, true)) {
                result.complete(checkRecords(chunk));
            }
        }
    }

    private Verdict checkRecord(byte[] data) {
        try {
            return checker.checkRecord(data);
        } catch (RuntimeException e) {
            log.warn("checking an announcement failed", e);
            return Verdict.reject("internal error: " + e.getMessage());
        }
    }

    /** A chunk's record rules, its Ed25519 signatures verified as one batch; one by one if the batch fails. */
    private List<Verdict> checkRecords(List<byte[]> chunk) {
        try {
            return checker.checkRecords(chunk);
        } catch (RuntimeException e) {
            log.warn("checking a batch of announcements failed, checking them one by one", e);
            return chunk.stream().map(this::checkRecord).toList();
        }
    }

    private Verdict checkState(Verdict verdict) {
        try {
            return checker.checkState(verdict);
        } catch (RuntimeException e) {
            log.warn("checking an announcement failed", e);
            return Verdict.reject("internal error: " + e.getMessage());
        }
    }

    private synchronized Verdict apply(byte[] data) {
        Verdict verdict = checkRecord(data);
        return verdict.accepted() ? store(checkState(verdict), data) : verdict;
    }

    /** Stores, indexes and updates providers for a verdict that passed every rule; others pass through. */
    private synchronized Verdict store(Verdict verdict, byte[] data) {
        if (!verdict.accepted()) return verdict;
        AnnounceMessage message = verdict.message();
        try {
            if (message.hasAnnouncement()) {
                Announcement a = message.getAnnouncement();
                store.put(a.getContentId().toByteArray(), a.getCreatedAt(), verdict.id(), data);
                search.upsert(a, store.changes());
            } else {
                Retraction r = message.getRetraction();
                Cid contentId = Cid.fromBytes(r.getContentId().toByteArray());
                store.retract(r.getContentId().toByteArray(), r.getRetractedAt(), verdict.id(), data);
                search.delete(contentId, store.changes());
                providers.remove(contentId);
            }
        } catch (RuntimeException e) {
            log.warn("storing an accepted announcement failed: {}", e.getMessage());
            return verdict.ignore("store failure: " + e.getMessage());
        }
        return verdict;
    }

    /** The held announcement of a content id. */
    public Optional<Announcement> get(Cid contentId) {
        return store.announcement(contentId.toBytes()).map(e -> AnnounceCodec.decode(e.data()).getAnnouncement());
    }

    /** The publisher of the held announcement (the {@link ProviderDirectory}'s first provider). */
    public Optional<PeerId> publisherOf(Cid contentId) {
        return get(contentId).map(IndexedItems::publisher);
    }

    public PeerId localPeer() { return router.localPeer(); }
    public AnnouncementChecker checker() { return checker; }
    public AnnouncementValidator validator() { return validator; }
    public AnnouncementStore store() { return store; }
    public ProviderDirectory providers() { return providers; }

    @Override
    public void close() {
        router.unsubscribe(TOPIC);
        router.removeValidator(TOPIC);
        stamper.shutdownNow();
        applier.shutdown();
        try {
            if (!applier.awaitTermination(5, TimeUnit.SECONDS)) applier.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            applier.shutdownNow();
        }
    }

    private static ExecutorService singleThread(String name, int queue) {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }
}

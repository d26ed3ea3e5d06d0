package io.grapevine.node.download;

import io.grapevine.node.content.ContentAssembler;
import io.grapevine.node.content.ContentIds;
import io.grapevine.node.content.InvalidContentException;
import io.grapevine.node.content.ContentManifest;
import io.grapevine.node.content.PartialOutput;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.storage.ChunkFiles;
import io.grapevine.node.storage.ChunkStore;
import io.grapevine.node.transfer.ChunkLanding;
import io.grapevine.node.transfer.ManifestFetcher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One content being downloaded into a folder from a set of providers: progress, pause, resume, cancel, and a
 * future that completes with the written files once every chunk is verified and the files are renamed into place.
 * All state is guarded by this object's lock; network callbacks and timers take it briefly, store work runs on the
 * store executor.
 */
public final class Download {
    private static final Logger LOG = LoggerFactory.getLogger(Download.class);
    private static final long RATE_WINDOW_NANOS = 5_000_000_000L;

    private final DownloadContext ctx;
    private final Cid contentId;
    private DownloadRecord record;
    private ContentManifest manifest;
    private ChunkPicker picker;
    private PartialOutput output;
    private ChunkLanding landing;
    /** The chunk store's key for this download's output files, where its chunks live. */
    private final long fileSet;
    private final List<PeerWorker> workers = new ArrayList<>();
    private final CompletableFuture<List<Path>> completion = new CompletableFuture<>();
    private final BitSet requested = new BitSet();
    private final Map<PeerId, Integer> chunksByPeer = new LinkedHashMap<>();
    private final Deque<long[]> recent = new ArrayDeque<>();
    private final long sessionStart = System.nanoTime();
    private long verifiedBytes;
    private boolean closed;
    private boolean assembling;
    private String error;
    /** Rounds of manifest requests answered BUSY so far, and whether a provider said BUSY in this round. */
    private int manifestRounds;
    private boolean manifestBusy;

    Download(DownloadContext ctx, Cid contentId, DownloadRecord record) {
        this.ctx = ctx;
        this.contentId = contentId;
        this.record = record;
        this.fileSet = ChunkStore.fileSetKey(contentId, record.outputDir());
    }

    /**
     * A download that completed or failed in an earlier run, so lists keep showing it: nothing runs. Sizes and files
     * come from its manifest while the store still holds it.
     */
    static Download finished(DownloadContext ctx, Cid contentId, DownloadRecord record) {
        Download d = new Download(ctx, contentId, record);
        d.closed = true;
        try {
            if (ctx.manifests().has(contentId)) d.manifest = ctx.manifests().load(contentId);
        } catch (RuntimeException e) {
            LOG.warn("download {}: cannot read its manifest: {}", contentId, e.getMessage());
        }
        if (record.state() == DownloadState.COMPLETED) {
            List<Path> files = new ArrayList<>();
            if (d.manifest != null) {
                d.verifiedBytes = d.manifest.totalSize();
                for (var f : d.manifest.files()) files.add(ContentAssembler.target(record.outputDir(), f.path()));
            }
            d.completion.complete(List.copyOf(files));
        } else {
            d.error = "failed in an earlier run of the node; start it again to retry";
            d.completion.completeExceptionally(new DownloadException(d.error, null));
        }
        return d;
    }

    public Cid contentId() {
        return contentId;
    }

    public synchronized Path outputDir() {
        return record.outputDir();
    }

    public synchronized DownloadState state() {
        return record.state();
    }

    /** Completes with the written files, or exceptionally with a {@link DownloadException} or a cancellation. */
    public CompletableFuture<List<Path>> completion() {
        return completion;
    }

    public synchronized Progress progress() {
        long now = System.nanoTime();
        while (!recent.isEmpty() && now - recent.peekFirst()[0] > RATE_WINDOW_NANOS) {
            recent.pollFirst();
        }
        long bytes = recent.stream().mapToLong(e -> e[1]).sum();
        long span = Math.max(Math.min(RATE_WINDOW_NANOS, now - sessionStart), 1_000_000L);
        int peers = (int) workers.stream().filter(PeerWorker::active).count();
        int banned = (int) workers.stream().filter(PeerWorker::banned).count();
        return new Progress(record.state(), verifiedBytes, manifest == null ? -1 : manifest.totalSize(),
                picker == null ? 0 : picker.verifiedCount(), manifest == null ? -1 : manifest.chunkCount(),
                bytes * 1_000_000_000L / span, peers, banned, error);
    }

    /** Chunk indexes this manager asked peers for since it (re)started this download. */
    public synchronized BitSet requestedChunks() {
        return (BitSet) requested.clone();
    }

    /** How many chunks each peer delivered first (and verified) since this download (re)started. */
    public synchronized Map<PeerId, Integer> chunksByPeer() {
        return Map.copyOf(chunksByPeer);
    }

    /** Stops asking for more chunks; batches already requested finish. Survives a restart. */
    public synchronized void pause() {
        if (record.state() == DownloadState.RUNNING && !assembling) {
            setState(DownloadState.PAUSED);
        }
    }

    public synchronized void resume() {
        if (record.state() == DownloadState.PAUSED) {
            setState(DownloadState.RUNNING);
            begin();
        }
    }

    /** Stops the download and forgets it; verified chunks stay in the store, unpinned (garbage collection may take them). */
    public synchronized void cancel() {
        if (!live()) {
            return;
        }
        record = record.withState(DownloadState.CANCELLED);
        ctx.records().delete(contentId);
        ctx.pins().unpin(contentId);
        workers.forEach(PeerWorker::stop);
        if (output != null) {
            output.abort();
        }
        if (manifest != null) {
            ContentAssembler.removePartials(manifest, record.outputDir());
        }
        ctx.store().execute(() -> ctx.chunks().dropFiles(fileSet));
        completion.completeExceptionally(new CancellationException("download " + contentId + " cancelled"));
    }

    // ---- engine, all under the lock ----

    synchronized void begin() {
        if (record.state() != DownloadState.RUNNING || closed) {
            return;
        }
        if (manifest == null) {
            if (ctx.manifests().has(contentId)) {
                ctx.store().execute(() -> {
                    ContentManifest m;
                    try {
                        m = ctx.manifests().load(contentId);
                    } catch (RuntimeException e) {
                        synchronized (this) {
                            fail("cannot load the stored manifest of " + contentId + ": " + e.getMessage(), e);
                        }
                        return;
                    }
                    prepare(m);
                });
            } else {
                fetchManifest(0, null);
            }
        } else if (picker != null) {
            startWorkers();
        }
    }

    private static boolean busy(Throwable e) {
        while (e != null) {
            if (e instanceof io.grapevine.node.transfer.ChunksRefusedException r
                    && r.code() == io.grapevine.node.transfer.proto.ErrorCode.BUSY) {
                return true;
            }
            e = e.getCause();
        }
        return false;
    }

    private void fetchManifest(int provider, Throwable last) {
        if (provider == 0) {
            manifestBusy = false;
        }
        List<Multiaddr> providers = record.providers();
        if (provider >= providers.size() && manifestBusy && manifestRounds < ctx.settings().maxRetries()) {
            // A provider serving its maximum of uploads said so: ask the providers again after a backoff.
            long wait = ctx.settings().backoff(manifestRounds++).toMillis();
            ctx.timers().schedule(() -> {
                synchronized (this) {
                    if (live() && manifest == null) {
                        fetchManifest(0, null);
                    }
                }
            }, wait, java.util.concurrent.TimeUnit.MILLISECONDS);
            return;
        }
        if (provider >= providers.size()) {
            fail("no provider sent the manifest of " + contentId + (last == null ? "" : ": " + last.getMessage()),
                    last);
            return;
        }
        Multiaddr address = providers.get(provider);
        ctx.host().dial(address)
                .thenCompose(conn -> ManifestFetcher.fetch(ctx.host(), conn.remotePeer(), contentId,
                        ctx.manifests(), ctx.penalties(), ctx.settings().manifestTimeout()))
                .whenComplete((m, e) -> {
                    if (e != null) {
                        LOG.info("download {}: manifest from {} failed: {}", contentId, address, e.toString());
                        synchronized (this) {
                            if (live()) {
                                manifestBusy |= busy(e);
                                fetchManifest(provider + 1, e);
                            }
                        }
                    } else {
                        ctx.store().execute(() -> prepare(m));
                    }
                });
    }

    /**
     * On the store executor: learns which chunks are already verified. The chunk store is the record of that; a
     * chunk it places in this download's partial files is re-hashed there first (a power loss may have lost bytes
     * whose index entry survived), and one it holds elsewhere is re-hashed where it is, so nothing wrong is trusted.
     */
    private void prepare(ContentManifest m) {
        PartialOutput out;
        try {
            out = new PartialOutput(m, record.outputDir());
        } catch (RuntimeException e) {
            synchronized (this) {
                fail(outputError(record.outputDir(), e), e);
            }
            return;
        }
        // Recorded before any chunk lands in the partial files, so every index entry names a known file set.
        ctx.chunks().putFiles(fileSet, ChunkFiles.partial(record.outputDir(), m.files()));
        int n = m.chunkCount();
        BitSet have = new BitSet(n);
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            Cid id = m.chunkId(i);
            if (!ctx.chunks().has(id)) {
                continue;
            }
            byte[] placed = out.readPlaced(i);
            if (placed != null && ContentIds.matches(id, placed)) {
                out.markWritten(i);
            } else {
                byte[] held = ctx.chunks().get(id);
                if (held == null || !ContentIds.matches(id, held)) {
                    LOG.warn("download {}: chunk {} was indexed but its bytes are gone or wrong; fetching it again",
                            contentId, i);
                    ctx.chunks().delete(id);
                    continue;
                }
            }
            have.set(i);
            bytes += m.chunkLength(i);
        }
        synchronized (this) {
            if (!live()) {
                out.close();
                return;
            }
            output = out;
            landing = (index, data) -> land(m, out, index, data);
            manifest = m;
            picker = new ChunkPicker(n, have, new Random());
            verifiedBytes = bytes;
            if (picker.remaining() == 0) {
                finish();
            } else if (record.state() == DownloadState.RUNNING) {
                startWorkers();
            }
        }
    }

    private void startWorkers() {
        if (workers.isEmpty()) {
            for (Multiaddr provider : record.providers()) {
                workers.add(new PeerWorker(this, ctx, provider));
            }
        }
        for (PeerWorker w : workers) {
            w.connect();
            w.next();
        }
    }

    boolean live() {
        return !closed && (record.state() == DownloadState.RUNNING || record.state() == DownloadState.PAUSED);
    }

    ContentManifest manifest() {
        return manifest;
    }

    ChunkPicker picker() {
        return picker;
    }

    /** How this download keeps each received chunk (set once the manifest is known, before any peer is asked). */
    ChunkLanding landing() {
        return landing;
    }

    /**
     * On a verifier thread: a chunk is checked, written at its place in the partial file, then indexed there (file
     * before index, so an index entry always has its bytes after kill -9). When the output cannot be written the chunk
     * goes into the store itself, so verified chunks are kept and the failure is reported at the end.
     */
    private void land(ContentManifest m, PartialOutput out, int index, byte[] data) {
        Cid id = m.chunkId(index);
        if (!ContentIds.matches(id, data)) {
            throw new InvalidContentException("chunk " + index + " does not hash to " + id);
        }
        if (out.write(index, data)) {
            ctx.chunks().putInFile(id, fileSet, m.chunkOffset(index), data.length);
        } else {
            ctx.chunks().put(id, data);
        }
    }

    void requested(List<Integer> indexes) {
        indexes.forEach(requested::set);
    }

    void verified(int index, PeerId from) {
        if (picker.markVerified(index)) {
            chunksByPeer.merge(from, 1, Integer::sum);
            int length = manifest.chunkLength(index);
            verifiedBytes += length;
            recent.addLast(new long[] {System.nanoTime(), length});
            if (recent.size() > 100_000) {
                recent.pollFirst();
            }
            if (picker.remaining() == 0) {
                finish();
            }
        }
    }

    int usableWorkers() {
        return (int) workers.stream().filter(PeerWorker::usable).count();
    }

    void kick() {
        for (PeerWorker w : workers) {
            w.kick();
        }
    }

    void peerLost() {
        if (picker != null && picker.remaining() > 0 && workers.stream().noneMatch(PeerWorker::usable)) {
            long banned = workers.stream().filter(PeerWorker::banned).count();
            fail("no usable provider left for " + contentId + " (" + banned + " banned for bad chunks, "
                    + (workers.size() - banned) + " unreachable); " + picker.remaining() + " chunks missing", null);
        }
    }

    void storageFailed(Throwable cause) {
        String reason = String.valueOf(cause.getMessage());
        fail((reason.contains("No space left") ? "disk full" : "cannot store chunks") + ": " + reason
                + " (verified chunks are kept)", cause);
    }

    private void finish() {
        if (assembling) {
            return;
        }
        assembling = true;
        workers.forEach(PeerWorker::stop);
        Path out = record.outputDir();
        ContentManifest m = manifest;
        PartialOutput partial = output;
        ctx.store().execute(() -> {
            try {
                long started = System.nanoTime();
                // Chunks written as they arrived are in place; only those verified in an earlier session are read.
                List<Path> files = partial.finish(i -> ctx.chunks().get(m.chunkId(i)));
                // The chunks now live in the renamed files: from here on a change to them (size, time) drops them.
                ctx.chunks().putFiles(fileSet, ChunkFiles.complete(out, m.files()));
                // Chunks are flushed every few MiB; the last ones become durable before COMPLETED is recorded.
                ctx.chunks().sync();
                LOG.info("download {}: {} files, {} bytes written to {} in {} ms", contentId, files.size(),
                        m.totalSize(), out, (System.nanoTime() - started) / 1_000_000);
                synchronized (this) {
                    if (live()) {
                        setState(DownloadState.COMPLETED);
                        completion.complete(files);
                    }
                }
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    assembling = false;
                    fail(outputError(out, e), e);
                }
            }
        });
    }

    private static String outputError(Path out, Exception e) {
        String reason = String.valueOf(e.getMessage());
        String what = reason.contains("No space left on device") ? "disk full" : "cannot write the output";
        return what + " in " + out + ": " + reason + " (verified chunks are kept; no file was left under its final name)";
    }

    private void fail(String message, Throwable cause) {
        if (!live()) {
            return;
        }
        LOG.warn("download {} failed: {}", contentId, message);
        error = message;
        setState(DownloadState.FAILED);
        workers.forEach(PeerWorker::stop);
        if (output != null) {
            // The partial files stay: the verified chunks written there live there (indexed by the chunk store),
            // and a later download of the same content into the same folder picks them up after re-hashing.
            output.close();
        }
        completion.completeExceptionally(new DownloadException(message, cause));
    }

    private void setState(DownloadState next) {
        record = record.withState(next);
        if (!closed) {
            ctx.records().put(contentId, record.encode());
        }
    }

    /** The manager closes: stop all network work, leave the stored state as it is so the next start resumes. */
    synchronized void shutdown() {
        closed = true;
        workers.forEach(PeerWorker::stop);
        if (output != null) {
            output.close();
        }
    }
}

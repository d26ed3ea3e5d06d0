package io.grapevine.node.download;

import io.grapevine.node.identity.PeerId;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.storage.StorageException;
import io.grapevine.node.transfer.BadPeerException;
import io.grapevine.node.transfer.ChunksClient;
import io.grapevine.node.transfer.FetchResult;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One provider of one download: connects, learns its have-map, then asks it for batches the picker chooses, two
 * at a time on one stream (the client pipelines them in order, so the window stays full from one batch to the next). A bad chunk is a strike; after {@code maxStrikes} the peer
 * is banned from this download. Timeouts and lost connections are retried with doubling backoff, up to
 * {@code maxRetries} in a row. Every method runs under the download's lock.
 */
final class PeerWorker {
    private static final Logger LOG = LoggerFactory.getLogger(PeerWorker.class);
    private static final int BATCHES_IN_FLIGHT = 2;

    private final Download download;
    private final DownloadContext ctx;
    private final Multiaddr address;
    private PeerId peer;
    private ChunksClient client;
    private BitSet have;
    private final BitSet mine = new BitSet();
    /** Batches handed to the client and not yet completed: two, so the next is queued while one drains. */
    private int batches;
    private boolean connecting;
    private boolean waiting;
    private int strikes;
    private int failures;
    private boolean banned;
    private boolean gaveUp;
    private boolean stopped;

    PeerWorker(Download download, DownloadContext ctx, Multiaddr address) {
        this.download = download;
        this.ctx = ctx;
        this.address = address;
        this.peer = address.peerId().orElse(null);
    }

    PeerId peer() {
        return peer;
    }

    boolean banned() {
        return banned;
    }

    boolean usable() {
        return !banned && !gaveUp;
    }

    boolean active() {
        return client != null && usable();
    }

    void connect() {
        if (connecting || client != null || !usable() || stopped || !download.live()) {
            return;
        }
        connecting = true;
        ctx.host().dial(address)
                .thenCompose(conn -> {
                    synchronized (download) {
                        peer = conn.remotePeer();
                    }
                    return ChunksClient.open(ctx.host(), conn.remotePeer(), download.manifest(), ctx.penalties(),
                            ctx.settings().window(), ctx.settings().stallTimeout(), ctx.store(), ctx.downloadLimit(),
                            ctx.inflight(), download.landing());
                })
                .thenCompose(c -> c.have().whenComplete((h, e) -> {
                    if (e != null) {
                        c.close();
                    }
                }).thenApply(h -> new Object[] {c, h}))
                .whenComplete((pair, error) -> {
                    synchronized (download) {
                        connecting = false;
                        if (error != null) {
                            failed(error);
                            return;
                        }
                        ChunksClient c = (ChunksClient) pair[0];
                        if (!download.live() || stopped) {
                            c.close();
                            return;
                        }
                        client = c;
                        have = (BitSet) pair[1];
                        download.picker().addPeer(have);
                        next();
                    }
                });
    }

    /** Hands the peer its next batch, if the download runs and the peer is idle. */
    void next() {
        while (batches < BATCHES_IN_FLIGHT && nextBatch()) {
            // keep two batches queued on the stream
        }
    }

    private boolean nextBatch() {
        if (waiting || stopped || client == null || !usable() || download.state() != DownloadState.RUNNING
                || !download.live()) {
            return false;
        }
        DownloadSettings s = ctx.settings();
        // A fair share of what is left, so a small content is spread over every provider instead of one taking it all.
        int share = (download.picker().remaining() + download.usableWorkers() - 1) / Math.max(1, download.usableWorkers());
        int batchSize = Math.max(1, Math.min(s.batch(), share));
        List<Integer> picked = download.picker().pick(have, batchSize, s.endgameBatch(), mine);
        if (picked.isEmpty()) {
            if (download.picker().remaining() > 0 && batches == 0) {
                waiting = true;
                ctx.timers().schedule(this::recheck, s.idleRecheck().toMillis(), TimeUnit.MILLISECONDS);
            }
            return false;
        }
        batches++;
        picked.forEach(mine::set);
        download.requested(picked);
        ChunksClient c = client;
        c.fetch(picked).whenComplete((result, error) -> {
            synchronized (download) {
                fetched(c, picked, result, error);
            }
        });
        return true;
    }

    private void fetched(ChunksClient c, List<Integer> batch, FetchResult result, Throwable error) {
        batches--;
        for (int i : batch) {
            download.picker().release(i);
            mine.clear(i);
        }
        if (!download.live() || stopped) {
            return;
        }
        if (c != client) {
            // That stream was dropped after a failure the other batch reported: keep what it verified, nothing more.
            if (error == null) {
                for (int i : result.stored()) {
                    download.verified(i, peer);
                }
            }
            download.kick();
            return;
        }
        if (error != null) {
            failed(error);
            download.kick();
            return;
        }
        failures = 0;
        for (int i : result.stored()) {
            download.verified(i, peer);
        }
        for (int i : result.missing()) {
            if (have.get(i)) {
                have.clear(i);
                download.picker().peerLacks(i);
            }
        }
        download.kick();
        next();
    }

    /** An idle peer asks for its have-map again: it may have gained chunks, or others may have failed. */
    private void recheck() {
        ChunksClient c;
        synchronized (download) {
            if (!waiting) {
                return;
            }
            waiting = false;
            if (client == null || stopped || !download.live() || download.state() != DownloadState.RUNNING) {
                return;
            }
            if (download.picker().hasWork(have, mine)) {
                next();
                return;
            }
            c = client;
        }
        c.have().whenComplete((h, error) -> {
            synchronized (download) {
                if (!download.live() || stopped || c != client) {
                    return;
                }
                if (error != null) {
                    failed(error);
                    return;
                }
                download.picker().removePeer(have);
                have = h;
                download.picker().addPeer(have);
                next();
            }
        });
    }

    /** Another peer finished or failed: an idle peer may have work again. */
    void kick() {
        if (waiting && client != null && download.picker().hasWork(have, mine)) {
            waiting = false;
            next();
        }
    }

    private void failed(Throwable error) {
        Throwable cause = unwrap(error);
        dropClient();
        if (!download.live() || stopped) {
            return;
        }
        if (cause instanceof StorageException) {
            // Our disk, not the peer: retrying elsewhere cannot help.
            download.storageFailed(cause);
            return;
        }
        if (cause instanceof BadPeerException) {
            strikes++;
            if (strikes >= ctx.settings().maxStrikes()) {
                banned = true;
                LOG.warn("download {}: peer {} banned after {} bad answers: {}", download.contentId(), peer, strikes,
                        cause.getMessage());
                download.peerLost();
                return;
            }
        } else if (++failures > ctx.settings().maxRetries()) {
            gaveUp = true;
            LOG.info("download {}: giving up on {} after {} failures: {}", download.contentId(), address, failures,
                    cause.toString());
            download.peerLost();
            return;
        }
        Duration wait = ctx.settings().backoff(Math.max(failures, strikes) - 1);
        LOG.debug("download {}: retrying {} in {}: {}", download.contentId(), address, wait, cause.toString());
        ctx.timers().schedule(() -> {
            synchronized (download) {
                connect();
            }
        }, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void dropClient() {
        if (client != null) {
            client.close();
            download.picker().removePeer(have);
            client = null;
            have = null;
        }
    }

    /** Stops talking to the peer (download finished, cancelled, or the manager closes). */
    void stop() {
        stopped = true;
        if (client != null) {
            client.close();
            client = null;
        }
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}

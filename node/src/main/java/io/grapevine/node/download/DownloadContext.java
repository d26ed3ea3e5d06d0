package io.grapevine.node.download;

import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.storage.ChunkStore;
import io.grapevine.node.storage.DownloadStore;
import io.grapevine.node.storage.ManifestStore;
import io.grapevine.node.storage.PinStore;
import io.grapevine.node.transfer.InflightBudget;
import io.grapevine.node.transfer.PeerPenalties;
import io.grapevine.node.transfer.RateLimiter;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every download of one manager shares. {@code store} runs chunk verification, store reads and file output;
 * {@code downloadLimit} paces reads (null: unlimited); {@code inflight} bounds the chunks asked for at once, node-wide.
 */
record DownloadContext(Host host, ChunkStore chunks, ManifestStore manifests, DownloadStore records, PinStore pins,
        PeerPenalties penalties, Executor store, ScheduledExecutorService timers, DownloadSettings settings,
        RateLimiter downloadLimit, InflightBudget inflight) {
}

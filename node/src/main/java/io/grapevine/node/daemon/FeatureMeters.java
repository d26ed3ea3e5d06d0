package io.grapevine.node.daemon;

import io.grapevine.node.announce.AnnounceFeature;
import io.grapevine.node.blocklists.BlockDecisions;
import io.grapevine.node.download.Download;
import io.grapevine.node.download.DownloadState;
import io.grapevine.node.market.SellerMarket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;

/**
 * The features' state as meters, read at scrape time: bytes up and down, the chunk store, downloads, the search
 * index, blocked targets, and payments judged. Each {@code bind} is called once, where the node composes features.
 */
public final class FeatureMeters {
    private FeatureMeters() {}

    public static void bindContent(MeterRegistry registry, ContentFeature content) {
        FunctionCounter.builder("grapevine.transfer.bytes", content.limits().upload(), l -> l.transferredBytes())
                .tag("direction", "up").description("chunk bytes served to peers").register(registry);
        FunctionCounter.builder("grapevine.transfer.bytes", content.limits().download(), l -> l.transferredBytes())
                .tag("direction", "down").description("chunk bytes received from peers").register(registry);
        Gauge.builder("grapevine.store.chunks", content, c -> c.chunks().count())
                .description("chunks in the store").register(registry);
        Gauge.builder("grapevine.store.bytes", content, c -> c.chunks().totalBytes())
                .description("bytes of chunks in the store").register(registry);
        Gauge.builder("grapevine.downloads.active", content, c -> c.downloads().downloads().stream()
                .filter(d -> d.state() == DownloadState.RUNNING).count())
                .description("downloads running").register(registry);
        Gauge.builder("grapevine.downloads.rate", content, c -> c.downloads().downloads().stream()
                .filter(d -> d.state() == DownloadState.RUNNING).mapToDouble(FeatureMeters::rate).sum())
                .baseUnit("bytes").description("bytes per second over running downloads").register(registry);
        Gauge.builder("grapevine.transfer.inflight", content, c -> c.downloads().inflight().used())
                .baseUnit("bytes").description("chunk bytes asked of peers and not yet stored, all downloads")
                .register(registry);
    }

    private static double rate(Download download) {
        return download.progress().bytesPerSecond();
    }

    public static void bindSearch(MeterRegistry registry, AnnounceFeature announce) {
        Gauge.builder("grapevine.index.documents", announce, a -> {
            try {
                return a.search().size();
            } catch (IOException e) {
                return Double.NaN;
            }
        }).description("announcements in the search index").register(registry);
    }

    public static void bindBlocklists(MeterRegistry registry, BlockDecisions decisions) {
        Gauge.builder("grapevine.blocklist.blocked", decisions, BlockDecisions::listBlockedCount)
                .description("targets blocked by followed lists").register(registry);
    }

    public static void bindPayments(MeterRegistry registry, SellerMarket seller) {
        seller.onPaymentJudged(outcome -> Counter.builder("grapevine.market.payments")
                .description("payments judged by this seller, by outcome (verified or the refusal reason)")
                .tag("outcome", outcome).register(registry).increment());
    }
}

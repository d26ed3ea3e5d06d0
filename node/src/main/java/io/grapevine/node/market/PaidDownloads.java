package io.grapevine.node.market;

import io.grapevine.market.contentkey.ContentKey;
import io.grapevine.node.content.ContentManifest;
import io.grapevine.node.daemon.ContentFeature;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.p2p.host.Host;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A licensed purchase to plaintext on disk: show the license to each provider (so its gate opens), download the
 * ciphertext with the content feature's {@code DownloadManager} into a staging folder, then decrypt and verify every
 * plaintext chunk against the plaintext manifest ({@link PaidContent}) into the output folder.
 */
public final class PaidDownloads {
    private static final Logger LOG = LoggerFactory.getLogger(PaidDownloads.class);

    private final Host host;
    private final ContentFeature content;
    private final BuyerMarket buyer;
    private final MarketLedger ledger;
    private final Path staging;
    private final Executor worker;

    public PaidDownloads(Host host, ContentFeature content, BuyerMarket buyer, MarketLedger ledger, Path staging,
                         Executor worker) {
        this.host = host;
        this.content = content;
        this.buyer = buyer;
        this.ledger = ledger;
        this.staging = staging;
        this.worker = worker;
    }

    public CompletableFuture<List<Path>> fetch(Cid contentId, List<Multiaddr> providers, Path outDir) {
        String listingId = contentId.toString();
        HeldLicense held = ledger.held(listingId).orElse(null);
        if (held == null) {
            return CompletableFuture.failedFuture(new MarketRefusedException("NO_LICENSE",
                    "this node holds no license for " + listingId + "; buy it first"));
        }
        List<CompletableFuture<Boolean>> shown = new ArrayList<>();
        for (Multiaddr provider : providers) {
            PeerId peer = provider.peerId().orElseThrow();
            shown.add(host.dial(provider).thenCompose(c -> buyer.present(peer, listingId)).handle((ok, error) -> {
                if (error != null) {
                    LOG.info("provider {} did not accept our license for {}: {}", peer, listingId, error.getMessage());
                    return false;
                }
                return true;
            }));
        }
        return CompletableFuture.allOf(shown.toArray(CompletableFuture[]::new))
                .thenCompose(v -> content.downloads().start(contentId, providers, staging).completion())
                .thenApplyAsync(files -> {
                    try {
                        ContentKey key = buyer.contentKey(held);
                        ContentManifest sealed = content.manifests().load(contentId);
                        return PaidContent.decrypt(sealed, held, key, content.chunks(), outDir);
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                }, worker);
    }
}

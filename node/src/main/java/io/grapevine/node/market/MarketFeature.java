package io.grapevine.node.market;

import io.grapevine.market.chain.HeaderChain;
import io.grapevine.market.chain.MarketNetwork;
import io.grapevine.market.payment.PaymentVerifier;
import io.grapevine.market.payment.VerificationPolicy;
import io.grapevine.node.api.ApiRoutes;
import io.grapevine.node.api.market.MarketRoutes;
import io.grapevine.node.daemon.ContentFeature;
import io.grapevine.node.daemon.NodeFeature;
import io.grapevine.node.identity.Identity;
import io.grapevine.node.market.bitcoin.BitcoinFollower;
import io.grapevine.node.market.bitcoin.BitcoinPeerAddress;
import io.grapevine.node.market.bitcoin.BitcoinTimeouts;
import io.grapevine.node.market.wallet.GrapevineWallet;
import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.storage.MarketStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The marketplace in a running node: paid shares (the content feature's share path seals them here), the
 * {@code /grapevine/market/1} responder (orders, payments, licenses), the license gate on the chunks responder, the
 * buyer's side and its wallet, and the {@code api.market} routes. Payments are verified against a headers-only
 * {@link HeaderChain} of the configured network ({@code market.json}), fed by the {@link BitcoinFollower} from the
 * configured Bitcoin peers and through {@link #headers()}.
 */
public final class MarketFeature implements NodeFeature {
    private static final int SPV_CAPACITY = 10_000;

    private final Path home;
    private final MarketSettings settings;
    private final HeaderChain headers;
    private final ExecutorService worker;
    private final MarketLedger ledger;
    private final SellerMarket seller;
    private final BuyerMarket buyer;
    private final PaidShares paidShares;
    private final PaidDownloads downloads;
    private final ContentFeature content;
    private final Host host;
    // Volatile: the follower's event loop reads it without this object's lock, which close() holds while it waits
    // for that loop to end.
    private volatile GrapevineWallet wallet;
    private BitcoinFollower bitcoin;

    private MarketFeature(Path home, MarketSettings settings, Identity identity, Host host, ContentFeature content)
            throws IOException {
        this.home = home;
        this.settings = settings;
        this.content = content;
        this.host = host;
        MarketNetwork network = settings.marketNetwork();
        // Regtest exists only in-process here (tests, demo): its headers come from the harness, not a file.
        try {
            this.headers = network == MarketNetwork.REGTEST ? HeaderChain.inMemory(network)
                    : HeaderChain.onDisk(network, home.resolve("market-headers-" + network.wireName() + ".spv"),
                            SPV_CAPACITY, Instant.now());
        } catch (io.grapevine.market.chain.HeaderRejectedException e) {
            throw new IOException("cannot open the " + network.wireName() + " header chain: " + e.getMessage(), e);
        }
        this.worker = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "market");
            t.setDaemon(true);
            return t;
        });
        this.ledger = new MarketLedger(new MarketStore(content.database()));
        Clock clock = Clock.systemUTC();
        LicenseGate gate = new LicenseGate(ledger, clock);
        var signer = IdentityKeys.signer(identity.privateKey());
        this.seller = new SellerMarket(ledger, new PaymentVerifier(headers, ledger,
                VerificationPolicy.defaults().withMinConfirmations(settings.confirmations())), signer, gate, clock);
        this.buyer = new BuyerMarket(host, ledger, identity.privateKey(), clock);
        this.paidShares = new PaidShares(content.chunks(), content.manifests(), ledger, signer, network);
        Path staging = Files.createDirectories(home.resolve("market-sealed"));
        this.downloads = new PaidDownloads(host, content, buyer, ledger, staging, worker);
        seller.register(host, worker);
        content.chunksService().accessPolicy(gate);
        content.shares().paidSharing(paidShares);
        try {
            if (GrapevineWallet.exists(home, network)) {
                wallet = GrapevineWallet.open(home, network, headers);
            }
            if (!settings.bitcoinPeers().isEmpty()) {
                bitcoin = new BitcoinFollower(headers, settings.bitcoinPeers().stream()
                        .map(BitcoinPeerAddress::parse).toList(), BitcoinTimeouts.defaults(),
                        seller::openOrders, seller.scanned()::add,
                        () -> java.util.Optional.ofNullable(wallet));
                bitcoin.start();
            }
        } catch (IOException | RuntimeException e) {
            abandon();
            throw e;
        }
    }

    /** Call before the host starts, after the content feature. */
    public static MarketFeature open(Path home, Identity identity, Host host, ContentFeature content)
            throws IOException {
        return new MarketFeature(home, MarketSettings.load(home), identity, host, content);
    }

    /** Undoes a half-done start: the caller never sees this feature, so nothing else would close it. */
    private void abandon() {
        host.removeStreamHandler(MarketProtocol.PROTOCOL_ID);
        content.chunksService().accessPolicy(io.grapevine.node.transfer.ChunkAccessPolicy.OPEN);
        content.shares().paidSharing(null);
        close();
    }

    @Override
    public List<ApiRoutes> routes() {
        return List.of(new MarketRoutes(this));
    }

    public MarketSettings settings() {
        return settings;
    }

    public MarketNetwork network() {
        return settings.marketNetwork();
    }

    /** The headers-only chain payments are verified against; a header feed adds to it. */
    public HeaderChain headers() {
        return headers;
    }

    public MarketLedger ledger() {
        return ledger;
    }

    public SellerMarket seller() {
        return seller;
    }

    public BuyerMarket buyer() {
        return buyer;
    }

    public PaidShares paidShares() {
        return paidShares;
    }

    public PaidDownloads downloads() {
        return downloads;
    }

    public Host host() {
        return host;
    }

    public ContentFeature content() {
        return content;
    }

    /** The Bitcoin P2P follower, if {@code bitcoinPeers} are configured. */
    public java.util.Optional<BitcoinFollower> bitcoin() {
        return java.util.Optional.ofNullable(bitcoin);
    }

    /** The wallet, if one was created. */
    public synchronized java.util.Optional<GrapevineWallet> wallet() {
        return java.util.Optional.ofNullable(wallet);
    }

    public synchronized GrapevineWallet createWallet() throws IOException {
        if (wallet != null) {
            throw new IllegalStateException("this node already has a " + network().wireName() + " wallet");
        }
        wallet = GrapevineWallet.create(home, network(), headers);
        return wallet;
    }

    @Override
    public synchronized void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (bitcoin != null) {
            bitcoin.close();
        }
        if (wallet != null) {
            wallet.close();
        }
        headers.close();
    }
}

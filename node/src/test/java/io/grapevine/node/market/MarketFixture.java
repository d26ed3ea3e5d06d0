package io.grapevine.node.market;

import io.grapevine.market.chain.MarketNetwork;
import io.grapevine.market.listing.Payout;
import io.grapevine.market.payment.PaymentVerifier;
import io.grapevine.market.payment.VerificationPolicy;
import io.grapevine.market.testing.Fixtures;
import io.grapevine.market.regtest.Regtest;
import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.p2p.host.Host;
import io.grapevine.node.p2p.host.HostConfig;
import io.grapevine.node.storage.ChunkStore;
import io.grapevine.node.storage.ContentDatabase;
import io.grapevine.node.storage.ManifestStore;
import io.grapevine.node.storage.MarketStore;
import io.grapevine.node.transfer.ChunksService;
import io.grapevine.node.transfer.ContentCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bitcoinj.crypto.ChildNumber;
import org.bitcoinj.crypto.HDKeyDerivation;
import org.bitcoinj.base.ScriptType;

/** Market nodes on 127.0.0.1 (host, RocksDB, stores, ledger) and a regtest chain mined in-process. */
final class MarketFixture implements AutoCloseable {
    static final int CHUNK = 16 * 1024;
    static final int CONFIRMATIONS = 3;

    final Regtest regtest = new Regtest(Instant.now().minus(Duration.ofHours(3)));
    /** The sellers' clock: system time plus a skew a test may move (order expiry). */
    final SkewedClock sellerClock = new SkewedClock();
    final ExecutorService worker = Executors.newFixedThreadPool(2);
    private final List<Host> hosts = new ArrayList<>();
    private final List<ContentDatabase> dbs = new ArrayList<>();
    private final Path dir;

    MarketFixture(Path dir) {
        this.dir = dir;
    }

    final class Peer {
        final Ed25519PrivateKey key = Ed25519PrivateKey.generate();
        final Host host;
        final ContentDatabase db;
        final ChunkStore chunks;
        final ManifestStore manifests;
        final MarketLedger ledger;
        final LicenseGate gate;
        final SellerMarket seller;
        final BuyerMarket buyer;
        final PaidShares shares;
        final ChunksService chunksService;

        Peer(String name) throws Exception {
            db = ContentDatabase.open(Files.createDirectories(dir.resolve(name)));
            dbs.add(db);
            chunks = new ChunkStore(db);
            manifests = new ManifestStore(db);
            ledger = new MarketLedger(new MarketStore(db));
            gate = new LicenseGate(ledger, Clock.systemUTC());
            host = new Host(HostConfig.builder(key).listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).ioThreads(1)
                    .ping(Duration.ZERO, 3).build());
            hosts.add(host);
            seller = new SellerMarket(ledger, new PaymentVerifier(regtest.chain, ledger,
                    VerificationPolicy.defaults().withMinConfirmations(CONFIRMATIONS)),
                    IdentityKeys.signer(key), gate, sellerClock);
            seller.register(host, worker);
            chunksService = new ChunksService(chunks, new ContentCatalog(manifests), worker);
            chunksService.accessPolicy(gate);
            chunksService.register(host);
            host.start();
            buyer = new BuyerMarket(host, ledger, key, Clock.systemUTC());
            shares = new PaidShares(chunks, manifests, ledger, IdentityKeys.signer(key),
                    io.grapevine.market.chain.MarketNetwork.REGTEST);
        }

        void dial(Peer other) throws Exception {
            host.dial(other.host.listenAddresses().getFirst()).get(10, TimeUnit.SECONDS);
        }
    }

    /** System UTC shifted by {@link #skew}; thread-safe so the seller's worker sees a test's change. */
    static final class SkewedClock extends Clock {
        volatile Duration skew = Duration.ZERO;

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException("UTC only");
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(skew);
        }
    }

    /** The future's value, waiting at most 30 s. */
    static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    /** The refusal code the future failed with; an AssertionError if it succeeded or failed otherwise. */
    static String refusal(CompletableFuture<?> f) {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            while (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) {
                c = c.getCause();
            }
            if (c instanceof MarketRefusedException r) {
                return r.code();
            }
            throw new AssertionError("not a refusal", c);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("accepted");
    }

    static Payout xpub() {
        return Payout.parse(Fixtures.sellerTpub(), MarketNetwork.REGTEST);
    }

    static Payout singleAddress() {
        var key = HDKeyDerivation.deriveChildKey(Fixtures.sellerMaster(), new ChildNumber(77, false));
        return Payout.parse(key.toAddress(ScriptType.P2WPKH, MarketNetwork.REGTEST.bitcoinj()).toString(),
                MarketNetwork.REGTEST);
    }

    @Override
    public void close() throws Exception {
        hosts.forEach(Host::close);
        worker.shutdown();
        worker.awaitTermination(10, TimeUnit.SECONDS);
        dbs.forEach(ContentDatabase::close);
        regtest.chain.close();
    }
}

package io.grapevine.node.market;

import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.market.testing.RegtestMiner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A reseller with the seller's delegation sells to a buyer while the seller is offline; refusals for the rest. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ResaleTest {
    private static final long PRICE = 30_000;

    @TempDir
    Path tmp;

    private MarketFixture fx;
    private MarketFixture.Peer seller;
    private MarketFixture.Peer reseller;
    private MarketFixture.Peer buyer;
    private String listingId;

    @BeforeEach
    void setUp() throws Exception {
        fx = new MarketFixture(tmp);
        seller = fx.new Peer("seller");
        reseller = fx.new Peer("reseller");
        buyer = fx.new Peer("buyer");
        reseller.dial(seller);
        buyer.dial(reseller);
        byte[] data = new byte[50_000];
        new Random(5).nextBytes(data);
        listingId = seller.shares.share(Files.write(tmp.resolve("film.mkv"), data), PRICE, MarketFixture.xpub(),
                MarketFixture.CHUNK).contentId().toString();
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private static String refusal(CompletableFuture<?> f) throws Exception {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            while (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) {
                c = c.getCause();
            }
            return ((MarketRefusedException) c).code();
        }
        throw new AssertionError("accepted");
    }

    @Test
    void resellerSellsWhileTheSellerIsOffline() throws Exception {
        seller.seller.delegate(reseller.host.peerId(), List.of(listingId), 1_500, Instant.now().plus(Duration.ofDays(1)));
        PaidListing resold = reseller.buyer.resell(seller.host.peerId(), listingId, MarketFixture.singleAddress())
                .get(30, TimeUnit.SECONDS);
        assertThat(resold.delegation()).isPresent();
        var cid = io.grapevine.node.multiformats.Cid.parse(listingId);
        assertThat(seller.gate.allows(reseller.host.peerId(), cid)).isTrue();
        assertThat(seller.gate.allows(buyer.host.peerId(), cid)).isFalse();

        seller.host.close();
        Purchase p = buyer.buyer.order(reseller.host.peerId(), listingId).get(30, TimeUnit.SECONDS);
        assertThat(p.order().address().toString()).isEqualTo(MarketFixture.singleAddress().text());
        Transaction tx = fx.regtest.payment(p.order(), PRICE);
        Block b = fx.regtest.payAndMine(tx, MarketFixture.CONFIRMATIONS - 1);
        HeldLicense held = buyer.buyer.pay(p.order().orderId(), tx.serialize(), RegtestMiner.proof(b, 1))
                .get(30, TimeUnit.SECONDS);
        assertThat(held.license().license().issuerKey()).isEqualTo(reseller.key.publicKey().marshal());
        assertThat(held.license().license().sellerKey()).isEqualTo(seller.key.publicKey().marshal());
        assertThat(buyer.buyer.contentKey(held).matches(resold.listing().contentKeyCommitment())).isTrue();
        assertThat(buyer.buyer.present(reseller.host.peerId(), listingId).get(30, TimeUnit.SECONDS)).isNull();
        assertThat(reseller.gate.allows(buyer.host.peerId(), cid)).isTrue();
    }

    @Test
    void noDelegationAndExpiredDelegationAreRefused() throws Exception {
        assertThat(refusal(reseller.buyer.resell(seller.host.peerId(), listingId, MarketFixture.singleAddress())))
                .isEqualTo("NOT_DELEGATED");
        seller.seller.delegate(reseller.host.peerId(), List.of(listingId), 0, Instant.now().plusMillis(30));
        Thread.sleep(60);
        assertThat(refusal(reseller.buyer.resell(seller.host.peerId(), listingId, MarketFixture.singleAddress())))
                .isEqualTo("DELEGATION_EXPIRED");
        assertThat(seller.gate.allows(reseller.host.peerId(), io.grapevine.node.multiformats.Cid.parse(listingId)))
                .isFalse();
    }
}

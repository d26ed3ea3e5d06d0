package io.grapevine.node.market;

import static io.grapevine.node.market.MarketFixture.get;
import static io.grapevine.node.market.MarketFixture.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.market.regtest.RegtestMiner;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bitcoinj.base.Coin;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.TransactionOutput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad payments submitted over /grapevine/market/1 (127.0.0.1, in-process regtest): each is refused with its precise
 * code, nothing is issued, and the same order then accepts a correct payment.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MarketBadPaymentTest {
    private static final long PRICE = 25_000;

    @TempDir
    Path tmp;

    private MarketFixture fx;
    private MarketFixture.Peer seller;
    private MarketFixture.Peer buyer;
    private MarketFixture.Peer other;
    private PaidShares.PaidShare share;

    @BeforeEach
    void setUp() throws Exception {
        fx = new MarketFixture(tmp);
        seller = fx.new Peer("seller");
        buyer = fx.new Peer("buyer");
        other = fx.new Peer("other");
        buyer.dial(seller);
        other.dial(seller);
        byte[] original = new byte[40_000];
        new Random(11).nextBytes(original);
        Path file = Files.write(Files.createDirectories(tmp.resolve("src")).resolve("film.mkv"), original);
        share = seller.shares.share(file, PRICE, MarketFixture.xpub(), MarketFixture.CHUNK);
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private Purchase order(MarketFixture.Peer who) throws Exception {
        return get(who.buyer.order(seller.host.peerId(), share.contentId().toString()));
    }

    private CompletableFuture<HeldLicense> pay(MarketFixture.Peer who, Purchase p, Transaction tx, byte[] proof) {
        return pay(who, p, tx.serialize(), proof);
    }

    private CompletableFuture<HeldLicense> pay(MarketFixture.Peer who, Purchase p, byte[] rawTx, byte[] proof) {
        return who.buyer.pay(p.order().orderId(), rawTx, proof);
    }

    private void assertNothingIssued(Purchase p) {
        assertThat(seller.ledger.issued(p.order().orderId())).isEmpty();
        assertThat(seller.ledger.granted(share.contentId().toString(), buyer.host.peerId())).isFalse();
    }

    @Test
    void paymentOnTheLosingForkOfASevenBlockReorgIsRefusedThenRetriedOnTheWinningFork() throws Exception {
        Purchase p = order(buyer);
        Block parent = fx.regtest.tip();
        Transaction tx = fx.regtest.payment(p.order(), PRICE);
        // The payment block and 6 on top: 7 blocks, which a fork of 8 from the same parent replaces.
        Block paid = fx.regtest.payAndMine(tx, 6);
        byte[] losingProof = RegtestMiner.proof(paid, 1);
        List<Block> fork = fx.regtest.miner.mine(parent, 8);
        fork.forEach(fx.regtest::accept);
        assertThat(fx.regtest.chain.locate(paid.getHash()).orElseThrow().onBestChain()).isFalse();

        assertThat(refusal(pay(buyer, p, tx, losingProof))).isEqualTo("NOT_IN_BEST_CHAIN");
        assertNothingIssued(p);

        // The same transaction mined again on the winning fork, deep enough: the untouched order accepts it.
        Block remined = fx.regtest.miner.mine(fork.getLast(), List.of(tx));
        fx.regtest.accept(remined);
        fx.regtest.miner.mine(remined, MarketFixture.CONFIRMATIONS - 1).forEach(fx.regtest::accept);
        HeldLicense held = get(pay(buyer, p, tx, RegtestMiner.proof(remined, 1)));
        assertThat(held.license().license().orderId()).isEqualTo(p.order().orderId());
        assertThat(buyer.buyer.contentKey(held).matches(share.listing().listing().contentKeyCommitment())).isTrue();
    }

    @Test
    void aScannedHitOnTheLosingForkIsRefusedAndTheWinningForkHitLicensesABuyerWhoSendsNoProof() throws Exception {
        Purchase p = order(buyer);
        assertThat(refusal(pay(buyer, p, new byte[0], new byte[0]))).isEqualTo("PAYMENT_NOT_FOUND");
        assertThat(seller.seller.openOrders()).extracting(o -> o.orderId()).containsExactly(p.order().orderId());
        var scanner = new io.grapevine.market.payment.BlockScanner(fx.regtest.chain);
        Block parent = fx.regtest.tip();
        Transaction tx = fx.regtest.payment(p.order(), PRICE);
        Block paid = fx.regtest.payAndMine(tx, 6);
        scanner.scan(paid, seller.seller.openOrders()).forEach(seller.seller.scanned()::add);
        fx.regtest.miner.mine(parent, 8).forEach(fx.regtest::accept);

        assertThat(refusal(pay(buyer, p, new byte[0], new byte[0]))).isEqualTo("NOT_IN_BEST_CHAIN");
        assertNothingIssued(p);

        Block remined = fx.regtest.miner.mine(fx.regtest.tip(), List.of(tx));
        fx.regtest.accept(remined);
        fx.regtest.miner.mine(remined, MarketFixture.CONFIRMATIONS - 1).forEach(fx.regtest::accept);
        scanner.scan(remined, seller.seller.openOrders()).forEach(seller.seller.scanned()::add);
        assertThat(seller.seller.scanned().of(p.order().orderId())).hasSize(2);

        HeldLicense held = get(pay(buyer, p, new byte[0], new byte[0]));
        assertThat(java.util.HexFormat.of().formatHex(held.license().license().txid()))
                .isEqualTo(tx.getTxId().toString());
        assertThat(seller.seller.scanned().of(p.order().orderId())).isEmpty();
        assertThat(seller.seller.openOrders()).isEmpty();
    }

    @Test
    void tamperedProofsAreRefusedAndTheOrderStaysPayable() throws Exception {
        Purchase p = order(buyer);
        Transaction tx = fx.regtest.payment(p.order(), PRICE);
        Block b = fx.regtest.payAndMine(tx, MarketFixture.CONFIRMATIONS - 1);
        byte[] proof = RegtestMiner.proof(b, 1);

        byte[] branch = proof.clone();
        branch[85] ^= 1; // first hash of the partial merkle tree (after header, count and hash-count varint)
        assertThat(refusal(pay(buyer, p, tx, branch))).isEqualTo("MERKLE_MISMATCH");
        byte[] headerTime = proof.clone();
        headerTime[68] ^= 1; // the header's time: another header, which our chain never saw
        assertThat(refusal(pay(buyer, p, tx, headerTime))).isEqualTo("UNKNOWN_BLOCK");
        assertThat(refusal(pay(buyer, p, tx, Arrays.copyOf(proof, proof.length - 1)))).isEqualTo("MALFORMED_PROOF");
        assertThat(refusal(pay(buyer, p, tx, Arrays.copyOf(proof, proof.length + 1)))).isEqualTo("MALFORMED_PROOF");
        assertThat(refusal(pay(buyer, p, tx, RegtestMiner.proof(b, 0)))).isEqualTo("TX_NOT_IN_PROOF");
        assertNothingIssued(p);

        assertThat(get(pay(buyer, p, tx, proof))).isNotNull();
    }

    @Test
    void tamperedTransactionsAreRefusedAndTheOrderStaysPayable() throws Exception {
        Purchase p = order(buyer);
        Transaction tx = fx.regtest.payment(p.order(), PRICE - 5_000);
        Block b = fx.regtest.payAndMine(tx, MarketFixture.CONFIRMATIONS - 1);
        byte[] proof = RegtestMiner.proof(b, 1);
        byte[] raw = tx.serialize();

        // Raising the mined (under)payment changes the txid: the proof no longer covers it.
        Transaction raised = Transaction.read(ByteBuffer.wrap(raw));
        raised.replaceOutput(0, new TransactionOutput(raised, Coin.valueOf(PRICE * 10), p.order().address()));
        assertThat(refusal(pay(buyer, p, raised.serialize(), proof))).isEqualTo("TX_NOT_IN_PROOF");
        assertThat(refusal(pay(buyer, p, Arrays.copyOf(raw, raw.length + 1), proof))).isEqualTo("MALFORMED_TX");
        assertThat(refusal(pay(buyer, p, Arrays.copyOf(raw, raw.length - 3), proof))).isEqualTo("MALFORMED_TX");
        assertThat(refusal(pay(buyer, p, b.getTransactions().getFirst().serialize(), RegtestMiner.proof(b, 0))))
                .isEqualTo("COINBASE_TX");
        assertThat(refusal(pay(buyer, p, raw, proof))).isEqualTo("UNDERPAID");
        assertNothingIssued(p);

        Transaction full = fx.regtest.payment(p.order(), PRICE);
        Block fb = fx.regtest.payAndMine(full, MarketFixture.CONFIRMATIONS - 1);
        assertThat(get(pay(buyer, p, full, RegtestMiner.proof(fb, 1)))).isNotNull();
    }

    @Test
    void anExpiredOrderIsRefusedAndNothingIsClaimed() throws Exception {
        Purchase p = order(buyer);
        Transaction tx = fx.regtest.payment(p.order(), PRICE);
        Block b = fx.regtest.payAndMine(tx, MarketFixture.CONFIRMATIONS - 1);
        byte[] proof = RegtestMiner.proof(b, 1);
        // Past the order's TTL and the verifier's settlement window (1 day).
        fx.sellerClock.skew = SellerMarket.ORDER_TTL.plus(Duration.ofDays(1)).plusMinutes(1);
        assertThat(refusal(pay(buyer, p, tx, proof))).isEqualTo("ORDER_EXPIRED");
        assertNothingIssued(p);
        // The refusal claimed nothing: back within the window, the same payment settles the order.
        fx.sellerClock.skew = Duration.ZERO;
        assertThat(get(pay(buyer, p, tx, proof))).isNotNull();
    }

    @Test
    void aProofReplayedForAnotherOrderIsRefusedAndTheRightOrderAcceptsIt() throws Exception {
        Purchase mine = order(buyer);
        Purchase theirs = order(other);
        Transaction tx = fx.regtest.payment(mine.order(), PRICE);
        Block b = fx.regtest.payAndMine(tx, MarketFixture.CONFIRMATIONS - 1);
        byte[] proof = RegtestMiner.proof(b, 1);
        // Another buyer replays the buyer's payment for its own order (its own per-order address).
        assertThat(refusal(pay(other, theirs, tx, proof))).isEqualTo("WRONG_ADDRESS");
        assertThat(seller.ledger.issued(theirs.order().orderId())).isEmpty();
        assertThat(seller.ledger.granted(share.contentId().toString(), other.host.peerId())).isFalse();
        assertThat(get(pay(buyer, mine, tx, proof))).isNotNull();
        // And after it was used, replaying it again for the other order still unlocks nothing.
        assertThat(refusal(pay(other, theirs, tx, proof))).isEqualTo("WRONG_ADDRESS");
    }
}

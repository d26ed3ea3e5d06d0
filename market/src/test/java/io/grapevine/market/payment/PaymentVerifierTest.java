package io.grapevine.market.payment;

import io.grapevine.market.chain.MarketNetwork;
import io.grapevine.market.listing.Listing;
import io.grapevine.market.listing.Payout;
import io.grapevine.market.order.Order;
import io.grapevine.market.testing.Fixtures;
import io.grapevine.market.regtest.Regtest;
import io.grapevine.market.regtest.RegtestMiner;
import org.bitcoinj.base.Address;
import org.bitcoinj.base.Coin;
import org.bitcoinj.base.ScriptType;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.TransactionOutPoint;
import org.bitcoinj.crypto.ECKey;
import org.bitcoinj.script.Script;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PaymentVerifierTest {
    private static final long PRICE = 100_000;

    private Regtest regtest;
    private InMemoryUsedPayments used;
    private PaymentVerifier verifier;
    private Listing listing;
    private int nextIndex;

    @BeforeEach
    void setUp() {
        regtest = new Regtest(Instant.now().minus(Duration.ofDays(1)));
        used = new InMemoryUsedPayments();
        verifier = new PaymentVerifier(regtest.chain, used, VerificationPolicy.defaults().withMinConfirmations(3));
        listing = Fixtures.regtestListing(PRICE);
    }

    private Order newOrder() {
        return Order.create(listing, listing.payout(), Fixtures.buyer("b"), nextIndex++, regtest.miner.clock()
                .minusSeconds(30), Duration.ofHours(1));
    }

    private Instant now() {
        return regtest.miner.clock();
    }

    private Verdict verify(Order order, Transaction tx, Block block) {
        int index = block.getTransactions().indexOf(tx);
        return verifier.verify(order, tx.serialize(), RegtestMiner.proof(block, index), now());
    }

    @Test
    void acceptsAnExactPaymentWithEnoughConfirmations() {
        Order order = newOrder();
        Transaction tx = regtest.payment(order, PRICE);
        Block block = regtest.payAndMine(tx, 2);

        Verdict v = verify(order, tx, block);

        assertThat(v.accepted()).as(v.toString()).isTrue();
        assertThat(v.txid()).isEqualTo(tx.getTxId().toString());
        assertThat(v.paidSats()).isEqualTo(PRICE);
        assertThat(v.confirmations()).isEqualTo(3);
        assertThat(v.blockHash()).isEqualTo(block.getHashAsString());
        // The input really is signed: the script interpreter accepts it against the coinbase output it spends.
        var spent = RegtestMiner.reward(findFunding(tx));
        tx.getInput(0).getScriptSig().correctlySpends(tx, 0, tx.getInput(0).getWitness(), spent.getValue(),
                spent.getScriptPubKey(), Script.ALL_VERIFY_FLAGS);
    }

    private Block findFunding(Transaction tx) {
        // The payment spends the reward of block 1 (the first coinbase handed out by Regtest).
        TransactionOutPoint op = tx.getInput(0).getOutpoint();
        Block b = regtest.miner.genesis();
        for (Block candidate : regtest.miner.minedBlocks()) {
            if (candidate.getTransactions().get(0).getTxId().equals(op.hash())) {
                b = candidate;
            }
        }
        return b;
    }

    @Test
    void derivedAddressIsTheSellersWalletChild() {
        Order order = newOrder();
        ECKey child = org.bitcoinj.crypto.HDKeyDerivation.deriveChildKey(Fixtures.sellerMaster(),
                new org.bitcoinj.crypto.ChildNumber(order.addressIndex(), false));
        assertThat(order.address()).isEqualTo(child.toAddress(ScriptType.P2WPKH, MarketNetwork.REGTEST.bitcoinj()));
        assertThat(newOrder().address()).isNotEqualTo(order.address());
    }

    @Test
    void underpaidIsRefusedAndACorrectRetrySucceeds() {
        Order order = newOrder();
        byte[] before = order.encode();
        Transaction low = regtest.payment(order, PRICE - 1);
        Block lowBlock = regtest.payAndMine(low, 2);

        Verdict v = verify(order, low, lowBlock);
        assertThat(v.reason()).as(v.toString()).isEqualTo(RefusalReason.UNDERPAID);
        assertThat(order.encode()).isEqualTo(before);

        Transaction good = regtest.payment(order, PRICE);
        Block goodBlock = regtest.payAndMine(good, 2);
        assertThat(verify(order, good, goodBlock).accepted()).isTrue();
    }

    @Test
    void severalOutputsToTheOrderAddressAddUp() {
        Order order = newOrder();
        Transaction tx = new Transaction();
        tx.addOutput(Coin.valueOf(PRICE / 2), order.address());
        tx.addOutput(Coin.valueOf(PRICE / 2), order.address());
        tx.addSignedInput(RegtestMiner.reward(regtest.miner.minedBlocks().get(50)), regtest.miner.minerKey());
        Block block = regtest.payAndMine(tx, 2);
        Verdict v = verify(order, tx, block);
        assertThat(v.accepted()).as(v.toString()).isTrue();
        assertThat(v.paidSats()).isEqualTo(PRICE);
    }

    @Test
    void wrongAddressIsRefused() {
        Order order = newOrder();
        Order other = newOrder();
        Transaction tx = regtest.payment(other, PRICE);
        Block block = regtest.payAndMine(tx, 2);
        assertThat(verify(order, tx, block).reason()).isEqualTo(RefusalReason.WRONG_ADDRESS);
    }

    @Test
    void unconfirmedIsRefusedUntilDeepEnough() {
        Order order = newOrder();
        Transaction tx = regtest.payment(order, PRICE);
        Block block = regtest.payAndMine(tx, 0);
        Verdict v = verify(order, tx, block);
        assertThat(v.reason()).isEqualTo(RefusalReason.INSUFFICIENT_CONFIRMATIONS);
        assertThat(v.message()).contains("1 confirmations, 3 required");

        regtest.extend(2);
        assertThat(verify(order, tx, block).accepted()).isTrue();
    }

    @Test
    void blockUnknownToOurHeaderChainIsRefused() {
        Order order = newOrder();
        Transaction tx = regtest.payment(order, PRICE);
        Block unseen = regtest.miner.mine(regtest.tip(), List.of(tx)); // never fed to the header chain
        assertThat(verify(order, tx, unseen).reason()).isEqualTo(RefusalReason.UNKNOWN_BLOCK);
    }

    @Test
    void aSevenBlockReorgPutsAConfirmedPaymentOnTheLosingFork() {
        Order order = newOrder();
        Block forkPoint = regtest.tip();
        Transaction tx = regtest.payment(order, PRICE);
        Block paid = regtest.payAndMine(tx, 6); // 7 blocks: the payment + 6
        assertThat(regtest.chain.locate(paid.getHash()).orElseThrow().confirmations()).isEqualTo(7);
        InMemoryUsedPayments separate = new InMemoryUsedPayments();
        assertThat(new PaymentVerifier(regtest.chain, separate, VerificationPolicy.defaults().withMinConfirmations(6))
                .verify(order, tx.serialize(), RegtestMiner.proof(paid, 1), now()).accepted()).isTrue();

        // A competing fork of 8 blocks from the same parent has more work: bitcoinj reorganizes 7 blocks away.
        List<Block> fork = regtest.miner.mine(forkPoint, 8);
        for (Block b : fork) {
            regtest.accept(b);
        }
        assertThat(regtest.chain.headHash()).isEqualTo(fork.get(7).getHash());

        Verdict v = verify(order, tx, paid);
        assertThat(v.reason()).as(v.toString()).isEqualTo(RefusalReason.NOT_IN_BEST_CHAIN);

        // The same transaction mined again on the winning chain pays the order after all.
        Block again = regtest.miner.mine(fork.get(7), List.of(tx));
        regtest.accept(again);
        for (Block b : regtest.miner.mine(again, 2)) {
            regtest.accept(b);
        }
        assertThat(verify(order, tx, again).accepted()).isTrue();
    }

    @Test
    void aProofForAnotherOrderIsRefused() {
        Order first = newOrder();
        Transaction tx = regtest.payment(first, PRICE);
        Block block = regtest.payAndMine(tx, 2);
        assertThat(verify(first, tx, block).accepted()).isTrue();

        Order second = newOrder(); // own address: the replayed payment pays someone else
        assertThat(verify(second, tx, block).reason()).isEqualTo(RefusalReason.WRONG_ADDRESS);
        // Presenting it again for the order it paid stays accepted (idempotent), it is the same payment.
        assertThat(verify(first, tx, block).accepted()).isTrue();
    }

    @Test
    void onASingleAddressPayoutATxidUnlocksOneOrderOnly() {
        Address fixed = regtest.miner.minerAddress();
        listing = Fixtures.listing(Payout.parse(fixed.toString(), MarketNetwork.REGTEST), PRICE);
        Order first = newOrder();
        Order second = newOrder();
        assertThat(second.payToAddress()).isEqualTo(first.payToAddress());
        assertThat(first.addressIndex()).isEqualTo(-1);

        Transaction tx = regtest.payment(first, PRICE);
        Block block = regtest.payAndMine(tx, 2);
        assertThat(verify(first, tx, block).accepted()).isTrue();
        Verdict replay = verify(second, tx, block);
        assertThat(replay.reason()).isEqualTo(RefusalReason.TXID_ALREADY_USED);
        assertThat(replay.message()).contains(first.orderId().hex());
    }

    @Test
    void tamperedProofsAreRefused() {
        Order order = newOrder();
        Transaction tx = regtest.payment(order, PRICE);
        Block block = regtest.payAndMine(tx, 2);
        byte[] raw = tx.serialize();
        byte[] proof = RegtestMiner.proof(block, 1);

        // Bytes 80..83 are the tx count, 84 the hash count, then the hashes: flip one bit of the first hash.
        byte[] hashFlipped = proof.clone();
        hashFlipped[85 + 3] ^= 1;
        Verdict v = verifier.verify(order, raw, hashFlipped, now());
        assertThat(v.reason()).isIn(RefusalReason.MERKLE_MISMATCH, RefusalReason.TX_NOT_IN_PROOF);

        byte[] secondHashFlipped = proof.clone();
        secondHashFlipped[85 + 32 + 3] ^= 1; // the sibling hash (our tx is leaf 1, the coinbase leaf 0)
        assertThat(verifier.verify(order, raw, secondHashFlipped, now()).reason())
                .isIn(RefusalReason.MERKLE_MISMATCH, RefusalReason.TX_NOT_IN_PROOF);

        byte[] headerTime = proof.clone();
        headerTime[68] ^= 1; // the header's timestamp: a different, unknown block
        assertThat(verifier.verify(order, raw, headerTime, now()).reason()).isEqualTo(RefusalReason.UNKNOWN_BLOCK);

        byte[] rootFlipped = proof.clone();
        rootFlipped[36] ^= 1; // the header's merkle root
        assertThat(verifier.verify(order, raw, rootFlipped, now()).reason())
                .isEqualTo(RefusalReason.MERKLE_MISMATCH);

        byte[] trailing = Arrays.copyOf(proof, proof.length + 1);
        assertThat(verifier.verify(order, raw, trailing, now()).reason()).isEqualTo(RefusalReason.MALFORMED_PROOF);
        byte[] truncated = Arrays.copyOf(proof, proof.length - 1);
        assertThat(verifier.verify(order, raw, truncated, now()).reason()).isEqualTo(RefusalReason.MALFORMED_PROOF);
        byte[] bitsChanged = proof.clone();
        bitsChanged[proof.length - 1] ^= 1; // the root's flag: it no longer descends, its hashes go unused
        assertThat(verifier.verify(order, raw, bitsChanged, now()).reason())
                .isIn(RefusalReason.MALFORMED_PROOF, RefusalReason.MERKLE_MISMATCH);
        assertThat(verifier.verify(order, raw, new byte[10], now()).reason())
                .isEqualTo(RefusalReason.MALFORMED_PROOF);

        // A valid proof of the same block that names only the coinbase does not prove our transaction.
        assertThat(verifier.verify(order, raw, RegtestMiner.proof(block, 0), now()).reason())
                .isEqualTo(RefusalReason.TX_NOT_IN_PROOF);
        // Nothing was claimed by the refusals: the genuine proof still works.
        assertThat(verifier.verify(order, raw, proof, now()).accepted()).isTrue();
    }

    @Test
    void tamperedTransactionsAreRefused() {
        Order order = newOrder();
        Transaction tx = regtest.payment(order, PRICE);
        Block block = regtest.payAndMine(tx, 2);
        byte[] raw = tx.serialize();
        byte[] proof = RegtestMiner.proof(block, 1);

        Transaction raised = Transaction.read(java.nio.ByteBuffer.wrap(raw));
        raised.replaceOutput(0, new org.bitcoinj.core.TransactionOutput(raised, Coin.valueOf(PRICE * 10),
                order.address()));
        assertThat(verifier.verify(order, raised.serialize(), proof, now()).reason())
                .isEqualTo(RefusalReason.TX_NOT_IN_PROOF);

        assertThat(verifier.verify(order, Arrays.copyOf(raw, raw.length + 1), proof, now()).reason())
                .isEqualTo(RefusalReason.MALFORMED_TX);
        assertThat(verifier.verify(order, Arrays.copyOf(raw, raw.length - 3), proof, now()).reason())
                .isEqualTo(RefusalReason.MALFORMED_TX);
        assertThat(verifier.verify(order, new byte[0], proof, now()).reason()).isEqualTo(RefusalReason.MALFORMED_TX);
        assertThat(verifier.verify(order, "garbage garbage garbage".getBytes(), proof, now()).reason())
                .isEqualTo(RefusalReason.MALFORMED_TX);

        Transaction coinbase = block.getTransactions().get(0);
        assertThat(verifier.verify(order, coinbase.serialize(), RegtestMiner.proof(block, 0), now()).reason())
                .isEqualTo(RefusalReason.COINBASE_TX);

        assertThat(verifier.verify(order, raw, proof, now()).accepted()).isTrue();
    }

    @Test
    void sixtyFourByteTransactionsAreRefused() {
        Transaction tiny = new Transaction();
        tiny.addInput(new org.bitcoinj.core.TransactionInput(tiny, new byte[0],
                new TransactionOutPoint(0, regtest.tip().getTransactions().get(0).getTxId())));
        tiny.addOutput(new org.bitcoinj.core.TransactionOutput(tiny, Coin.valueOf(PRICE), new byte[4]));
        assertThat(tiny.serialize()).hasSize(64);
        Order order = newOrder();
        Verdict v = verifier.verify(order, tiny.serialize(), RegtestMiner.proof(regtest.tip(), 0), now());
        assertThat(v.reason()).isEqualTo(RefusalReason.MALFORMED_TX);
        assertThat(v.message()).contains("64-byte");
    }

    @Test
    void expiredOrdersAreRefused() {
        Order order = newOrder();
        Transaction tx = regtest.payment(order, PRICE);
        Block block = regtest.payAndMine(tx, 2);
        byte[] proof = RegtestMiner.proof(block, 1);
        Instant late = order.expiresAt().plus(Duration.ofDays(1)).plusSeconds(1);
        Verdict v = verifier.verify(order, tx.serialize(), proof, late);
        assertThat(v.reason()).isEqualTo(RefusalReason.ORDER_EXPIRED);

        // Mined long after the order expired (beyond the 2-hour timestamp tolerance).
        Order expiring = newOrder();
        regtest.miner.setClock(expiring.expiresAt().plus(Duration.ofHours(3)));
        Transaction lateTx = regtest.payment(expiring, PRICE);
        Block lateBlock = regtest.payAndMine(lateTx, 2);
        Verdict v2 = verifier.verify(expiring, lateTx.serialize(), RegtestMiner.proof(lateBlock, 1),
                expiring.expiresAt().plus(Duration.ofHours(4)));
        assertThat(v2.reason()).as(v2.toString()).isEqualTo(RefusalReason.ORDER_EXPIRED);
        assertThat(v2.message()).contains("after the order expired");
    }

    @Test
    void aPaymentOlderThanTheOrderIsRefused() {
        Address fixed = regtest.miner.minerAddress();
        listing = Fixtures.listing(Payout.parse(fixed.toString(), MarketNetwork.REGTEST), PRICE);
        Order early = newOrder();
        Transaction tx = regtest.payment(early, PRICE);
        Block block = regtest.payAndMine(tx, 2);
        Order later = Order.create(listing, listing.payout(), Fixtures.buyer("c"), 0,
                now().plus(Duration.ofHours(5)), Duration.ofHours(1));
        Verdict v = verifier.verify(later, tx.serialize(), RegtestMiner.proof(block, 1), now().plus(Duration.ofHours(5)));
        assertThat(v.reason()).isEqualTo(RefusalReason.PAID_BEFORE_ORDER);
    }

    @Test
    void anOrderForAnotherNetworkIsRefused() {
        Order order = newOrder();
        Transaction tx = regtest.payment(order, PRICE);
        Block block = regtest.payAndMine(tx, 2);
        Order testnet = new Order(order.orderId(), order.listingId(), order.buyerPeerId(), order.amountSats(),
                MarketNetwork.TESTNET, "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", 0, order.createdAt(),
                order.expiresAt());
        assertThat(verifier.verify(testnet, tx.serialize(), RegtestMiner.proof(block, 1), now()).reason())
                .isEqualTo(RefusalReason.WRONG_NETWORK);
    }
}

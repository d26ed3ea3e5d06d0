package io.grapevine.market.payment;

import io.grapevine.market.chain.HeaderChain;
import io.grapevine.market.chain.MarketNetwork;
import io.grapevine.market.listing.Listing;
import io.grapevine.market.order.Order;
import io.grapevine.market.testing.Fixtures;
import io.grapevine.market.regtest.Regtest;
import io.grapevine.market.regtest.RegtestMiner;
import org.bitcoinj.base.Coin;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.TransactionInput;
import org.bitcoinj.core.TransactionOutPoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Measurement, not a test: proof verification time per proof (a payment in a block of 4,096 transactions, so the
 * proof has a 12-level merkle branch) and header sync rate into memory and SPV-file header chains.
 * Run: see docs/market.md.
 */
public final class PaymentBenchmark {
    public static void main(String[] args) throws Exception {
        int headers = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        proofVerification();
        headerSync(headers);
    }

    private static void proofVerification() {
        Regtest regtest = new Regtest(Instant.now().minus(Duration.ofDays(1)));
        Listing listing = Fixtures.regtestListing(100_000);
        Order order = Order.create(listing, listing.payout(), Fixtures.buyer("bench"), 0,
                regtest.miner.clock().minusSeconds(30), Duration.ofHours(1));
        Transaction pay = regtest.payment(order, 100_000);
        List<Transaction> txs = new ArrayList<>();
        for (int i = 0; i < 4094; i++) { // filler transactions (unsigned: only their txids matter to the proof)
            Transaction t = new Transaction();
            t.addInput(new TransactionInput(t, new byte[]{1, 2, 3},
                    new TransactionOutPoint(i, Sha256Hash.of(new byte[]{(byte) i, (byte) (i >> 8)}))));
            t.addOutput(Coin.valueOf(1000), regtest.miner.minerAddress());
            txs.add(t);
        }
        txs.add(2000, pay);
        Block block = regtest.payAndMineAll(txs, 5);
        byte[] raw = pay.serialize();
        byte[] proof = RegtestMiner.proof(block, 2001);
        PaymentVerifier verifier = new PaymentVerifier(regtest.chain, new InMemoryUsedPayments(),
                VerificationPolicy.defaults().withMinConfirmations(6));
        Instant now = regtest.miner.clock();
        for (int i = 0; i < 2000; i++) { // warm-up
            check(verifier.verify(order, raw, proof, now));
        }
        int n = 5000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            check(verifier.verify(order, raw, proof, now));
        }
        double micros = (System.nanoTime() - t0) / 1000.0 / n;
        System.out.printf("proof verification: %d proofs (block of %d txs, proof %d bytes, tx %d bytes): "
                + "%.1f us per proof%n", n, block.getTransactions().size(), proof.length, raw.length, micros);
    }

    private static void check(Verdict v) {
        if (!v.accepted()) {
            throw new IllegalStateException(v.toString());
        }
    }

    private static void headerSync(int count) throws Exception {
        RegtestMiner miner = new RegtestMiner(Instant.now().minus(Duration.ofDays(30)));
        long m0 = System.nanoTime();
        List<Block> blocks = new ArrayList<>(count);
        Block tip = miner.genesis();
        for (int i = 0; i < count; i++) {
            tip = miner.mine(tip, List.of());
            blocks.add(tip.cloneAsHeader());
        }
        System.out.printf("mining: %d regtest blocks in %d ms%n", count, (System.nanoTime() - m0) / 1_000_000);

        HeaderChain memory = HeaderChain.inMemory(MarketNetwork.REGTEST);
        long t0 = System.nanoTime();
        memory.addAll(blocks);
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("header sync (memory store): %d headers in %.2f s = %.0f headers/s%n", count, secs,
                count / secs);

        Path dir = Files.createTempDirectory("grapevine-headers");
        Path file = dir.resolve("headers.spv");
        try (HeaderChain disk = HeaderChain.onDisk(MarketNetwork.REGTEST, file, count + 10, Instant.EPOCH)) {
            long t1 = System.nanoTime();
            disk.addAll(blocks);
            double s = (System.nanoTime() - t1) / 1e9;
            System.out.printf("header sync (SPV file store): %d headers in %.2f s = %.0f headers/s%n", count, s,
                    count / s);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }
}

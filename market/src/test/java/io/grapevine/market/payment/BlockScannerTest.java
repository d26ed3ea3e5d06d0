package io.grapevine.market.payment;

import io.grapevine.market.listing.Listing;
import io.grapevine.market.order.Order;
import io.grapevine.market.testing.Fixtures;
import io.grapevine.market.regtest.Regtest;
import io.grapevine.market.regtest.RegtestMiner;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.Transaction;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlockScannerTest {
    private final Regtest regtest = new Regtest(Instant.now().minus(Duration.ofDays(1)));
    private final Listing listing = Fixtures.regtestListing(50_000);
    private final BlockScanner scanner = new BlockScanner(regtest.chain);

    private Order order(int index) {
        return Order.create(listing, listing.payout(), Fixtures.buyer("s" + index), index,
                regtest.miner.clock().minusSeconds(30), Duration.ofHours(1));
    }

    @Test
    void findsPaymentsToOpenOrdersAndTheirProofsVerify() throws Exception {
        Order paid = order(0);
        Order unpaid = order(1);
        Transaction tx = regtest.payment(paid, 50_000);
        Transaction unrelated = RegtestMiner.pay(RegtestMiner.reward(regtest.miner.minedBlocks().get(60)),
                regtest.miner.minerKey(), regtest.miner.minerAddress(), 10_000);
        Block block = regtest.mineTxs(List.of(unrelated, tx));

        List<FoundPayment> found = scanner.scan(block, List.of(paid, unpaid));
        assertThat(found).hasSize(1);
        FoundPayment hit = found.get(0);
        assertThat(hit.order()).isEqualTo(paid);
        assertThat(hit.txid()).isEqualTo(tx.getTxId().toString());
        assertThat(hit.paidSats()).isEqualTo(50_000);

        regtest.extend(2);
        PaymentVerifier verifier = new PaymentVerifier(regtest.chain, new InMemoryUsedPayments(),
                VerificationPolicy.defaults().withMinConfirmations(3));
        Verdict v = verifier.verify(hit.order(), hit.rawTx(), hit.proof(), regtest.miner.clock());
        assertThat(v.accepted()).as(v.toString()).isTrue();
    }

    @Test
    void refusesABlockOutsideTheHeaderChain() {
        Block stranger = regtest.miner.mine(regtest.tip(), List.of());
        assertThatThrownBy(() -> scanner.scan(stranger, List.of(order(0))))
                .isInstanceOf(InvalidBlockException.class).hasMessageContaining("not in our header chain");
    }

    @Test
    void refusesTransactionsThatDoNotMatchTheHeader() {
        Order o = order(0);
        Block block = regtest.mineTxs(List.of(regtest.payment(o, 50_000)));
        List<Transaction> forged = new ArrayList<>(block.getTransactions());
        forged.add(regtest.payment(o, 60_000)); // a peer slips in a transaction the block never had
        Block tampered = new Block(block.getVersion(), block.getPrevBlockHash(), block.getMerkleRoot(),
                block.time(), block.getDifficultyTarget(), block.getNonce(), forged);
        assertThat(tampered.getHash()).isEqualTo(block.getHash());
        assertThatThrownBy(() -> scanner.scan(tampered, List.of(o)))
                .isInstanceOf(InvalidBlockException.class).hasMessageContaining("merkle root");
    }

    @Test
    void refusesTheDuplicatedLastTransactionMutation() {
        Order o = order(0);
        Transaction pay = regtest.payment(o, 50_000);
        Transaction other = regtest.payment(order(1), 50_000);
        Block block = regtest.mineTxs(List.of(other, pay)); // 3 transactions: the last one pairs with itself
        List<Transaction> mutated = new ArrayList<>(block.getTransactions());
        mutated.add(pay); // CVE-2012-2459: same merkle root, different transaction list
        Block tampered = new Block(block.getVersion(), block.getPrevBlockHash(), block.getMerkleRoot(),
                block.time(), block.getDifficultyTarget(), block.getNonce(), mutated);
        assertThatThrownBy(() -> scanner.scan(tampered, List.of(o)))
                .isInstanceOf(InvalidBlockException.class).hasMessageContaining("repeats transaction");
    }
}

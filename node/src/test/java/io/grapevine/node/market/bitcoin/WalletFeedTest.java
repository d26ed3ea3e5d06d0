package io.grapevine.node.market.bitcoin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grapevine.market.chain.HeaderChain;
import io.grapevine.market.chain.MarketNetwork;
import io.grapevine.market.order.Order;
import io.grapevine.market.order.OrderId;
import io.grapevine.market.regtest.Regtest;
import io.grapevine.market.regtest.RegtestMiner;
import io.grapevine.node.market.wallet.GrapevineWallet;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Collection;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import io.grapevine.market.payment.FoundPayment;
import java.util.concurrent.atomic.AtomicReference;
import org.bitcoinj.base.ScriptType;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.crypto.ECKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wallet fed by the Bitcoin follower alone: birth, coins, payment, reorgs, restart; no block is posted. */
class WalletFeedTest {
    @TempDir
    Path home;

    private final AtomicReference<GrapevineWallet> wallet = new AtomicReference<>();
    private FollowedPeer world;
    private Regtest regtest;
    private List<Block> mainChain;
    private HeaderChain chain;
    private RegtestBitcoinPeer peer;

    @BeforeEach
    void setUp() throws Exception {
        world = new FollowedPeer();
        regtest = world.regtest;
        mainChain = world.best;
        chain = world.headers;
        peer = world.peer;
    }

    @AfterEach
    void tearDown() throws Exception {
        world.close();
        if (wallet.get() != null) {
            wallet.get().close();
        }
    }

    private BitcoinFollower follow() {
        return follow(List.of(), hit -> { });
    }

    private BitcoinFollower follow(Collection<Order> openOrders, Consumer<FoundPayment> found) {
        BitcoinFollower f = new BitcoinFollower(chain, List.of(peer.address()), BitcoinFollowerTest.FAST, 200_000,
                () -> openOrders, found, () -> Optional.ofNullable(wallet.get()));
        world.closeLater(f);
        f.start();
        await().atMost(10, TimeUnit.SECONDS).until(() -> chain.headHeight() == mainChain.size() - 1);
        return f;
    }

    private void extend(List<Block> blocks) {
        world.extend(blocks);
    }

    /** A payment to the wallet from the coinbase of block {@code coinbaseHeight} (mature from height 101 on). */
    private Transaction fund(int coinbaseHeight, long sats) {
        return RegtestMiner.pay(RegtestMiner.reward(mainChain.get(coinbaseHeight)), regtest.miner.minerKey(),
                wallet.get().receiveAddress(), sats);
    }

    private GrapevineWallet newWallet() throws Exception {
        wallet.set(GrapevineWallet.create(home, MarketNetwork.REGTEST, chain));
        return wallet.get();
    }

    @Test
    void aNewWalletSeesCoinsMinedToItAndPaysAnOrderWithNoBlockPosted() throws Exception {
        BitcoinFollower f = follow();
        GrapevineWallet w = newWallet();
        assertThat(w.syncedHeight()).as("born 6 blocks below the head").isEqualTo(95);

        Transaction funding = fund(1, 1_000_000);
        extend(List.of(regtest.mineTxs(List.of(funding))));
        await().atMost(10, TimeUnit.SECONDS).until(() -> w.balance().value == 1_000_000 && f.walletBlocksFed() == 7);
        assertThat(w.syncedHeight()).isEqualTo(102);
        assertThat(f.walletBlocksFed()).as("blocks 96..102, none before the birth").isEqualTo(7);
        assertThat(w.proof(funding.getTxId())).isPresent();

        Transaction pay = w.pay(order());
        assertThat(f.broadcast(pay).get(5, TimeUnit.SECONDS)).isEqualTo(1);
        await().atMost(10, TimeUnit.SECONDS).until(() -> !peer.receivedTransactions().isEmpty());
        Transaction relayed = peer.receivedTransactions().get(0);
        assertThat(relayed.getTxId()).isEqualTo(pay.getTxId());
        Block mined = regtest.mineTxs(List.of(relayed));
        extend(List.of(mined));
        await().atMost(10, TimeUnit.SECONDS).until(() -> w.proof(pay.getTxId()).isPresent());
        assertThat(header(w.proof(pay.getTxId()).get())).isEqualTo(mined.getHash());
        assertThat(w.balance().value).isLessThan(1_000_000 - 10_000).isGreaterThan(1_000_000 - 20_000);
    }

    @Test
    void aReorgTakesAwayThePaymentAndTheWinningForkGivesItBack() throws Exception {
        follow();
        GrapevineWallet w = newWallet();
        Transaction funding = fund(1, 700_000);
        Block losing = regtest.mineTxs(List.of(funding));
        extend(List.of(losing));
        await().atMost(10, TimeUnit.SECONDS).until(() -> w.balance().value == 700_000);

        // A longer fork from 101 without the payment: the wallet reorganizes and the coins are no longer spendable.
        List<Block> fork = new ArrayList<>(regtest.miner.mine(mainChain.get(101), 2));
        List<Block> winning = new ArrayList<>(mainChain.subList(0, 102));
        winning.addAll(fork);
        world.switchTo(winning);
        await().atMost(10, TimeUnit.SECONDS).until(() -> w.syncedHeight() == 103);
        assertThat(w.balance().value).isZero();

        // The payment mined again on the winning fork: spendable again, with a proof from the new block.
        Block again = regtest.miner.mine(fork.get(1), List.of(funding));
        winning.add(again);
        world.switchTo(winning);
        await().atMost(10, TimeUnit.SECONDS).until(() -> w.balance().value == 700_000);
        assertThat(header(w.proof(funding.getTxId()).orElseThrow())).isEqualTo(again.getHash());
    }

    @Test
    void aReopenedWalletFollowsOnFromTheLastBlockItSaw() throws Exception {
        BitcoinFollower first = follow();
        GrapevineWallet w = newWallet();
        extend(List.of(regtest.mineTxs(List.of(fund(1, 300_000)))));
        extend(regtest.extend(2));
        await().atMost(10, TimeUnit.SECONDS).until(() -> w.syncedHeight() == 104);
        first.close();
        world.forget(first);
        w.close();

        GrapevineWallet reopened = GrapevineWallet.open(home, MarketNetwork.REGTEST, chain);
        wallet.set(reopened);
        assertThat(reopened.syncedHeight()).isEqualTo(104);
        assertThat(reopened.balance().value).isEqualTo(300_000);
        BitcoinFollower second = follow();
        extend(List.of(regtest.mineTxs(List.of(fund(2, 200_000)))));
        await().atMost(10, TimeUnit.SECONDS).until(() -> reopened.balance().value == 500_000
                && second.walletBlocksFed() > 0);
        assertThat(second.walletBlocksFed()).as("only the block after the last one seen").isEqualTo(1);
    }

    @Test
    void aBlockFetchedForTheWalletIsStillScannedForAnOrderOpenedLater() throws Exception {
        List<Order> open = new CopyOnWriteArrayList<>();
        List<FoundPayment> found = new CopyOnWriteArrayList<>();
        BitcoinFollower f = follow(open, found::add);
        newWallet();
        Order order = order();
        Transaction pay = regtest.payment(order, order.amountSats());
        Block paid = regtest.mineTxs(List.of(pay));
        extend(List.of(paid));
        await().atMost(10, TimeUnit.SECONDS).until(() -> wallet.get().syncedHeight() == 102);

        open.add(order);
        f.fetchForScan();
        await().atMost(10, TimeUnit.SECONDS).until(() -> !found.isEmpty());
        assertThat(found.get(0).blockHash()).isEqualTo(paid.getHash().toString());
    }

    @Test
    void aWalletWhoseBirthHeaderIsUnknownTakesNoBlockUntilTheChainKnowsIt() throws Exception {
        chain.addAll(mainChain.subList(1, 102).stream().map(Block::cloneAsHeader).toList());
        newWallet();
        wallet.get().close();
        try (HeaderChain fresh = HeaderChain.inMemory(MarketNetwork.REGTEST)) {
            GrapevineWallet w = GrapevineWallet.open(home, MarketNetwork.REGTEST, fresh);
            wallet.set(w);
            assertThat(w.rooted()).isFalse();
            assertThat(w.commonHeight()).isEmpty();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> w.acceptBlock(mainChain.get(96)))
                    .hasMessageContaining("waits for the header of its birth block");
            fresh.addAll(mainChain.subList(1, 102).stream().map(Block::cloneAsHeader).toList());
            assertThat(w.rooted()).isTrue();
            assertThat(w.acceptBlock(mainChain.get(95))).as("the birth block itself is ignored").isFalse();
            assertThat(w.acceptBlock(mainChain.get(96))).isTrue();
            assertThat(w.acceptBlock(mainChain.get(96))).as("fed twice: ignored").isFalse();
            assertThat(w.syncedHeight()).isEqualTo(96);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> w.acceptBlock(mainChain.get(98)))
                    .hasMessageContaining("does not connect");
        }
    }

    private static org.bitcoinj.base.Sha256Hash header(byte[] proof) {
        return Block.read(java.nio.ByteBuffer.wrap(Arrays.copyOf(proof, 80))).getHash();
    }

    private static Order order() {
        String address = new ECKey().toAddress(ScriptType.P2WPKH, MarketNetwork.REGTEST.bitcoinj()).toString();
        Instant now = Instant.now();
        return new Order(OrderId.random(), "listing-1", new byte[] {1, 2, 3}, 10_000, MarketNetwork.REGTEST,
                address, -1, now, now.plus(Duration.ofHours(2)));
    }
}

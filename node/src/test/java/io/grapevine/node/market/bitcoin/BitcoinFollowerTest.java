package io.grapevine.node.market.bitcoin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grapevine.market.chain.HeaderChain;
import io.grapevine.market.chain.MarketNetwork;
import io.grapevine.market.order.Order;
import io.grapevine.market.order.OrderId;
import io.grapevine.market.payment.FoundPayment;
import io.grapevine.market.payment.InMemoryUsedPayments;
import io.grapevine.market.payment.PaymentVerifier;
import io.grapevine.market.payment.RefusalReason;
import io.grapevine.market.payment.VerificationPolicy;
import io.grapevine.market.regtest.Regtest;
import io.grapevine.market.regtest.RegtestMiner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bitcoinj.base.ScriptType;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.crypto.ECKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The headers follower, block scanning and broadcast against an in-process regtest peer and hostile sockets. */
class BitcoinFollowerTest {
    static final BitcoinTimeouts FAST = new BitcoinTimeouts(Duration.ofMillis(500), Duration.ofSeconds(3),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofMillis(50), Duration.ofMillis(400),
            Duration.ofMillis(100));

    private final Regtest regtest = new Regtest(Instant.now().minusSeconds(101 * 60));
    private final List<Block> mainChain = new ArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private HeaderChain chain;
    private RegtestBitcoinPeer peer;

    @BeforeEach
    void setUp() throws Exception {
        mainChain.add(regtest.miner.genesis());
        mainChain.addAll(regtest.miner.minedBlocks());
        chain = HeaderChain.inMemory(MarketNetwork.REGTEST);
        peer = new RegtestBitcoinPeer(RegtestMiner.PARAMS);
        closing.add(peer);
        closing.add(chain);
        peer.setBest(mainChain);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private BitcoinFollower follow(InetSocketAddress at, Collection<Order> orders, Consumer<FoundPayment> found) {
        BitcoinFollower f = new BitcoinFollower(chain, List.of(at), FAST, 200_000, () -> orders, found,
                java.util.Optional::empty);
        closing.add(f);
        f.start();
        return f;
    }

    private void extend(List<Block> blocks) {
        mainChain.addAll(blocks);
        peer.setBest(mainChain);
        peer.announceTip();
    }

    @Test
    void followsHeadersThenABlockAnnouncedByInv() {
        follow(peer.address(), List.of(), hit -> { });
        await().atMost(10, TimeUnit.SECONDS).until(() -> chain.headHeight() == 101);
        assertThat(chain.headHash()).isEqualTo(mainChain.get(101).getHash());

        extend(regtest.extend(1));
        await().atMost(10, TimeUnit.SECONDS).until(() -> chain.headHeight() == 102);
        assertThat(chain.headHash()).isEqualTo(mainChain.get(102).getHash());
        assertThat(peer.blocksServed()).as("no open orders: no full block fetched").isZero();
    }

    @Test
    void followsASevenBlockReorg() {
        follow(peer.address(), List.of(), hit -> { });
        extend(regtest.extend(7));
        await().atMost(10, TimeUnit.SECONDS).until(() -> chain.headHeight() == 108);
        Block losingTip = mainChain.get(108);

        List<Block> fork = regtest.miner.mine(mainChain.get(101), 8);
        List<Block> winning = new ArrayList<>(mainChain.subList(0, 102));
        winning.addAll(fork);
        peer.setBest(winning);
        peer.announceTip();

        await().atMost(10, TimeUnit.SECONDS).until(() -> chain.headHeight() == 109);
        assertThat(chain.headHash()).isEqualTo(fork.get(7).getHash());
        assertThat(chain.locate(losingTip.getHash()).orElseThrow().onBestChain()).isFalse();
        assertThat(chain.locate(fork.get(0).getHash()).orElseThrow().onBestChain()).isTrue();
    }

    @Test
    void findsAPaymentByScanningBlocksWithoutAnyProofFromTheBuyer() {
        Order order = orderPaying(Instant.now().minusSeconds(60));
        List<FoundPayment> found = followScanningFor(order);

        Transaction pay = regtest.payment(order, order.amountSats());
        List<Block> mined = new ArrayList<>();
        mined.add(regtest.mineTxs(List.of(pay)));
        mined.addAll(regtest.extend(2));
        extend(mined);

        await().atMost(10, TimeUnit.SECONDS).until(() -> !found.isEmpty());
        FoundPayment hit = found.get(0);
        assertThat(hit.txid()).isEqualTo(pay.getTxId().toString());
        assertThat(hit.blockHash()).isEqualTo(mined.get(0).getHash().toString());
        await().atMost(10, TimeUnit.SECONDS).until(() -> chain.headHeight() == 104);
        var verifier = new PaymentVerifier(chain, new InMemoryUsedPayments(),
                VerificationPolicy.defaults().withMinConfirmations(3));
        assertThat(verifier.verify(order, hit.rawTx(), hit.proof(), Instant.now()).accepted()).isTrue();
    }

    /** Found payments live in memory: after a restart the follower rescans from the oldest open order. */
    @Test
    void aRestartedFollowerFindsThePaymentAgainByRescanning() {
        Order order = orderPaying(Instant.now().minusSeconds(60));
        List<FoundPayment> before = new CopyOnWriteArrayList<>();
        BitcoinFollower first = follow(peer.address(), List.of(order), before::add);
        await().atMost(10, TimeUnit.SECONDS).until(() -> chain.headHeight() == 101);
        Transaction pay = regtest.payment(order, order.amountSats());
        List<Block> mined = new ArrayList<>();
        mined.add(regtest.mineTxs(List.of(pay)));
        mined.addAll(regtest.extend(2));
        extend(mined);
        await().atMost(10, TimeUnit.SECONDS).until(() -> !before.isEmpty() && chain.headHeight() == 104);
        first.close();

        // The header chain is on disk in a node, so it survives; the hits do not.
        List<FoundPayment> after = new CopyOnWriteArrayList<>();
        follow(peer.address(), List.of(order), after::add);
        await().atMost(10, TimeUnit.SECONDS).until(() -> !after.isEmpty());
        assertThat(after.get(0).txid()).isEqualTo(pay.getTxId().toString());
        assertThat(after.get(0).blockHash()).isEqualTo(mined.get(0).getHash().toString());
    }

    @Test
    void aScannedPaymentOnALosingForkIsRefusedAndFoundAgainOnTheWinningOne() {
        Order order = orderPaying(Instant.now().minusSeconds(60));
        List<FoundPayment> found = followScanningFor(order);
        Transaction pay = regtest.payment(order, order.amountSats());
        List<Block> losing = new ArrayList<>();
        losing.add(regtest.mineTxs(List.of(pay)));
        losing.addAll(regtest.extend(6));
        extend(losing);
        await().atMost(10, TimeUnit.SECONDS).until(() -> found.size() == 1);

        List<Block> fork = new ArrayList<>(regtest.miner.mine(mainChain.get(101), 1));
        fork.add(regtest.miner.mine(fork.get(0), List.of(pay)));
        fork.addAll(regtest.miner.mine(fork.get(1), 6));
        List<Block> winning = new ArrayList<>(mainChain.subList(0, 102));
        winning.addAll(fork);
        peer.setBest(winning);
        peer.announceTip();
        await().atMost(10, TimeUnit.SECONDS).until(() -> found.size() == 2);

        var verifier = new PaymentVerifier(chain, new InMemoryUsedPayments(),
                VerificationPolicy.defaults().withMinConfirmations(3));
        FoundPayment onLosing = found.get(0);
        FoundPayment onWinning = found.get(1);
        assertThat(onWinning.blockHash()).isEqualTo(fork.get(1).getHash().toString());
        assertThat(verifier.verify(order, onLosing.rawTx(), onLosing.proof(), Instant.now()).reason())
                .isEqualTo(RefusalReason.NOT_IN_BEST_CHAIN);
        assertThat(verifier.verify(order, onWinning.rawTx(), onWinning.proof(), Instant.now()).accepted()).isTrue();
    }

    @Test
    void broadcastsAWalletTransactionToThePeer() throws Exception {
        BitcoinFollower f = follow(peer.address(), List.of(), hit -> { });
        await().atMost(10, TimeUnit.SECONDS).until(() -> f.readyPeers() == 1);
        Transaction pay = regtest.payment(orderPaying(Instant.now()), 5_000);
        assertThat(f.broadcast(pay).get(5, TimeUnit.SECONDS)).isEqualTo(1);
        await().atMost(10, TimeUnit.SECONDS).until(() -> !peer.receivedTransactions().isEmpty());
        assertThat(peer.receivedTransactions().get(0).getTxId()).isEqualTo(pay.getTxId());
    }

    @Test
    void headersWithBadProofOfWorkDropThePeerAndLeaveTheChainAlone() {
        BitcoinFollower f = follow(peer.address(), List.of(), hit -> { });
        await().atMost(10, TimeUnit.SECONDS).until(() -> chain.headHeight() == 101);
        Block good = regtest.miner.mine(mainChain.get(101), List.of());
        Block forged = withFailingNonce(good);
        List<Block> bad = new ArrayList<>(mainChain);
        bad.add(forged);
        peer.setBest(bad);
        peer.announceTip();

        await().atMost(10, TimeUnit.SECONDS).until(() -> !f.dropReasons().isEmpty());
        assertThat(f.dropReasons().get(0)).contains("refuse");
        assertThat(chain.headHeight()).isEqualTo(101);
        assertThat(chain.locate(forged.getHash())).isEmpty();
        await("reconnects after the drop").atMost(10, TimeUnit.SECONDS).until(() -> peer.connections() >= 2);
    }

    @Test
    void aBlockWhoseTransactionsDoNotMatchItsHeaderDropsThePeerAndFindsNothing() {
        Order order = orderPaying(Instant.now().minusSeconds(60));
        List<FoundPayment> found = new CopyOnWriteArrayList<>();
        Transaction pay = regtest.payment(order, order.amountSats());
        Block real = regtest.mineTxs(List.of(pay));
        // Same header (so the same hash), but the paying transaction swapped for nothing: the merkle root differs.
        Block lie = new Block(real.getVersion(), real.getPrevBlockHash(), real.getMerkleRoot(), real.time(),
                real.getDifficultyTarget(), real.getNonce(), List.of(real.getTransactions().get(0)));
        assertThat(lie.getHash()).isEqualTo(real.getHash());
        peer.serveInstead(real.getHash(), lie);
        mainChain.add(real);
        peer.setBest(mainChain);
        BitcoinFollower f = follow(peer.address(), List.of(order), found::add);

        await().atMost(10, TimeUnit.SECONDS).until(() -> f.dropReasons().stream()
                .anyMatch(r -> r.contains("do not match its header")));
        assertThat(found).isEmpty();
        assertThat(chain.headHash()).isEqualTo(real.getHash());
    }

    @Test
    void garbageWithTheWrongMagicDropsThePeer() throws Exception {
        try (HostilePeer hostile = new HostilePeer(out -> out.write(new byte[64]))) {
            BitcoinFollower f = follow(hostile.address(), List.of(), hit -> { });
            await().atMost(10, TimeUnit.SECONDS).until(() -> !f.dropReasons().isEmpty());
            assertThat(f.dropReasons().get(0)).contains("magic");
            assertThat(chain.headHeight()).isZero();
        }
    }

    @Test
    void anOversizedMessageIsRefusedBeforeItsPayloadIsRead() throws Exception {
        try (HostilePeer hostile = new HostilePeer(out -> out.write(frameHeader("block", 3_000_000)))) {
            BitcoinFollower f = follow(hostile.address(), List.of(), hit -> { });
            await().atMost(10, TimeUnit.SECONDS).until(() -> !f.dropReasons().isEmpty());
            assertThat(f.dropReasons().get(0)).contains("exceeds");
            assertThat(chain.headHeight()).isZero();
        }
    }

    @Test
    void aMalformedPayloadDropsThePeer() throws Exception {
        byte[] header = frameHeader("headers", 1); // a count prefix 0xfd without the two bytes it announces
        byte[] frame = new byte[header.length + 1];
        System.arraycopy(header, 0, frame, 0, header.length);
        frame[24] = (byte) 0xfd;
        byte[] checksum = org.bitcoinj.base.Sha256Hash.hashTwice(java.util.Arrays.copyOfRange(frame, 24, 25));
        System.arraycopy(checksum, 0, frame, 20, 4); // a valid checksum: the parser, not the checksum, refuses it
        try (HostilePeer hostile = new HostilePeer(out -> out.write(frame))) {
            BitcoinFollower f = follow(hostile.address(), List.of(), hit -> { });
            await().atMost(10, TimeUnit.SECONDS).until(() -> !f.dropReasons().isEmpty());
            assertThat(f.dropReasons().get(0)).contains("malformed");
            assertThat(chain.headHeight()).isZero();
        }
    }

    @Test
    void aSilentPeerIsDroppedAfterTheHandshakeTimeout() throws Exception {
        try (HostilePeer hostile = new HostilePeer(out -> { })) {
            BitcoinFollower f = follow(hostile.address(), List.of(), hit -> { });
            await().atMost(10, TimeUnit.SECONDS).until(() -> !f.dropReasons().isEmpty());
            assertThat(f.dropReasons().get(0)).contains("no version/verack");
            await("reconnects with backoff").atMost(10, TimeUnit.SECONDS).until(() -> hostile.accepted() >= 2);
        }
    }

    /** Follows the peer with {@code order} open, synced to its 101 blocks; returns where hits arrive. */
    private List<FoundPayment> followScanningFor(Order order) {
        List<FoundPayment> found = new CopyOnWriteArrayList<>();
        follow(peer.address(), List.of(order), found::add);
        await().atMost(10, TimeUnit.SECONDS).until(() -> chain.headHeight() == 101);
        return found;
    }

    private Order orderPaying(Instant createdAt) {
        String address = new ECKey().toAddress(ScriptType.P2WPKH, MarketNetwork.REGTEST.bitcoinj()).toString();
        return new Order(OrderId.random(), "listing-1", new byte[] {1, 2, 3}, 10_000, MarketNetwork.REGTEST,
                address, -1, createdAt, createdAt.plus(Duration.ofHours(2)));
    }

    /** The same header with a nonce whose hash misses the target: proof of work that does not hold. */
    private static Block withFailingNonce(Block b) {
        BigInteger target = b.getDifficultyTargetAsInteger();
        for (long nonce = b.getNonce() + 1; ; nonce++) {
            Block c = new Block(b.getVersion(), b.getPrevBlockHash(), b.getMerkleRoot(), b.time(),
                    b.getDifficultyTarget(), nonce, b.getTransactions());
            if (c.getHash().toBigInteger().compareTo(target) > 0) {
                return c;
            }
        }
    }

    /** A message header for regtest with the given command and declared payload length (checksum left zero). */
    private static byte[] frameHeader(String command, int length) {
        byte[] h = new byte[24];
        long magic = RegtestMiner.PARAMS.getPacketMagic();
        for (int i = 0; i < 4; i++) {
            h[i] = (byte) (magic >>> (24 - 8 * i));
        }
        byte[] cmd = command.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(cmd, 0, h, 4, cmd.length);
        for (int i = 0; i < 4; i++) {
            h[16 + i] = (byte) (length >>> (8 * i));
        }
        return h;
    }

    /** A TCP server on 127.0.0.1 that reads nothing useful and writes what the test says to every connection. */
    private static final class HostilePeer implements AutoCloseable {
        interface Script {
            void write(OutputStream out) throws IOException;
        }

        private final ServerSocket server = new ServerSocket(0, 8, java.net.InetAddress.getLoopbackAddress());
        private final java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        HostilePeer(Script script) throws IOException {
            acceptor = Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        sockets.add(s);
                        accepted.incrementAndGet();
                        script.write(s.getOutputStream());
                        s.getOutputStream().flush();
                        Thread.ofVirtual().start(() -> drain(s));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private static void drain(Socket s) {
            try (InputStream in = s.getInputStream()) {
                in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // closed by either side: the test checks what the follower recorded
            }
        }

        InetSocketAddress address() {
            return new InetSocketAddress("127.0.0.1", server.getLocalPort());
        }

        int accepted() {
            return accepted.get();
        }

        @Override
        public void close() throws Exception {
            server.close();
            for (Socket s : sockets) {
                s.close();
            }
            acceptor.join(2000);
        }
    }
}

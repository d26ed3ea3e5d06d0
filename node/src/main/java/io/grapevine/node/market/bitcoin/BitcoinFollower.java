package io.grapevine.node.market.bitcoin;

import io.grapevine.market.chain.HeaderChain;
import io.grapevine.market.order.Order;
import io.grapevine.market.payment.FoundPayment;
import io.grapevine.node.market.wallet.GrapevineWallet;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.bitcoinj.core.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seller's (and wallet's) window on the Bitcoin network: outbound connections to the configured full nodes
 * ({@code market.json} {@code bitcoinPeers}), each a headers-only {@link BitcoinPeerHandler} feeding the node's
 * {@link HeaderChain}, reconnected with exponential backoff. While the seller has open orders it fetches the blocks
 * mined since the oldest one and scans them ({@link PaymentScan}); while the node has a wallet it fetches the blocks
 * since the wallet's birth or last seen block and feeds them to it ({@link WalletFeed}); the wallet's payments are
 * broadcast through it.
 *
 * <p>Our own small Netty client on bitcoinj's wire classes (rather than bitcoinj's PeerGroup) because every step
 * then has our timeouts and size bound, it runs on one event loop we own, and the test peer reuses the same codec.
 */
public final class BitcoinFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BitcoinFollower.class);
    private static final int MAX_SCAN_BATCH = 256;

    private final HeaderChain chain;
    private final List<InetSocketAddress> peers;
    private final BitcoinTimeouts timeouts;
    private final int maxPayload;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final PaymentScan scan;
    private final WalletFeed walletFeed;
    private final List<BitcoinPeerHandler> ready = new CopyOnWriteArrayList<>();
    private final Map<InetSocketAddress, Integer> failures = new HashMap<>();
    private final AtomicLong headersAdded = new AtomicLong();
    private final List<String> dropReasons = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    public BitcoinFollower(HeaderChain chain, List<InetSocketAddress> peers, BitcoinTimeouts timeouts,
                           Supplier<Collection<Order>> openOrders, Consumer<FoundPayment> found) {
        this(chain, peers, timeouts, BitcoinFrameDecoder.MAX_PAYLOAD, openOrders, found, Optional::empty);
    }

    /** Also feeds the node's wallet, whenever {@code wallet} has one. */
    public BitcoinFollower(HeaderChain chain, List<InetSocketAddress> peers, BitcoinTimeouts timeouts,
                           Supplier<Collection<Order>> openOrders, Consumer<FoundPayment> found,
                           Supplier<Optional<GrapevineWallet>> wallet) {
        this(chain, peers, timeouts, BitcoinFrameDecoder.MAX_PAYLOAD, openOrders, found, wallet);
    }

    BitcoinFollower(HeaderChain chain, List<InetSocketAddress> peers, BitcoinTimeouts timeouts, int maxPayload,
                    Supplier<Collection<Order>> openOrders, Consumer<FoundPayment> found,
                    Supplier<Optional<GrapevineWallet>> wallet) {
        this.chain = chain;
        this.peers = List.copyOf(peers);
        this.timeouts = timeouts;
        this.maxPayload = maxPayload;
        this.scan = new PaymentScan(chain, openOrders, found);
        this.walletFeed = new WalletFeed(chain, wallet);
    }

    public void start() {
        peers.forEach(this::connect);
        long every = timeouts.scanEvery().toMillis();
        group.scheduleAtFixedRate(this::fetchForScan, every, every, TimeUnit.MILLISECONDS);
    }

    /** Connected peers past the handshake. */
    public int readyPeers() {
        return ready.size();
    }

    public long headersAdded() {
        return headersAdded.get();
    }

    /** Why peers were dropped, most recent last (bounded): for the log and tests. */
    public List<String> dropReasons() {
        return List.copyOf(dropReasons);
    }

    /** Sends {@code tx} to every ready peer; completes with how many it was written to. */
    public CompletableFuture<Integer> broadcast(Transaction tx) {
        CompletableFuture<Integer> sent = new CompletableFuture<>();
        group.execute(() -> {
            int n = 0;
            for (BitcoinPeerHandler p : ready) {
                p.send(tx);
                n++;
            }
            LOG.info("broadcast transaction {} to {} bitcoin peer(s)", tx.getTxId(), n);
            sent.complete(n);
        });
        return sent;
    }

    private void connect(InetSocketAddress address) {
        if (closed) {
            return;
        }
        var params = chain.network().params();
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeouts.handshake().toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(
                                new IdleStateHandler(timeouts.silence().toMillis(), timeouts.pingEvery().toMillis(),
                                        0, TimeUnit.MILLISECONDS),
                                new BitcoinFrameDecoder(params, maxPayload),
                                new BitcoinFrameEncoder(params),
                                new BitcoinPeerHandler(chain, timeouts, BitcoinFollower.this, address));
                    }
                });
        InetSocketAddress target = address.isUnresolved()
                ? new InetSocketAddress(address.getHostString(), address.getPort()) : address;
        ChannelFuture f = b.connect(target);
        f.addListener(done -> {
            if (!done.isSuccess()) {
                LOG.debug("cannot connect to bitcoin peer {}: {}", address, done.cause().toString());
                reconnectLater(address);
            } else {
                f.channel().closeFuture().addListener(c -> reconnectLater(address));
            }
        });
    }

    private void reconnectLater(InetSocketAddress address) {
        if (closed) {
            return;
        }
        int n = failures.merge(address, 1, Integer::sum);
        long delay = Math.min(timeouts.maxBackoff().toMillis(),
                timeouts.firstBackoff().toMillis() << Math.min(n - 1, 20));
        group.schedule(() -> connect(address), delay, TimeUnit.MILLISECONDS);
    }

    void peerReady(BitcoinPeerHandler peer) {
        ready.add(peer);
        failures.remove(peer.configured()); // a working connection resets its backoff
    }

    void peerClosed(BitcoinPeerHandler peer) {
        ready.remove(peer);
    }

    void peerDropped(SocketAddress address, String reason) {
        dropReasons.add(address + ": " + reason);
        if (dropReasons.size() > 100) {
            dropReasons.remove(0);
        }
    }

    void headersAdded(int n) {
        headersAdded.addAndGet(n);
    }

    void headersSynced() {
        fetchForScan();
    }

    /** A requested block: checked against its header and scanned, then given to the wallet; false if the peer lied. */
    boolean blockArrived(org.bitcoinj.core.Block block) {
        if (!scan.scan(block)) {
            return false;
        }
        walletFeed.arrived(block);
        return true;
    }

    /** Blocks given to the wallet so far. */
    public long walletBlocksFed() {
        return walletFeed.blocksFed();
    }

    /**
     * Asks idle peers for the next blocks the wallet needs, then those to scan, spreading them so one slow peer
     * does not stall the rest.
     */
    void fetchForScan() {
        if (!group.next().inEventLoop()) {
            group.execute(this::fetchForScan);
            return;
        }
        if (ready.isEmpty()) {
            return;
        }
        java.util.ArrayList<org.bitcoinj.base.Sha256Hash> wanted;
        try {
            var both = new java.util.LinkedHashSet<>(walletFeed.wanted());
            both.addAll(scan.wanted(MAX_SCAN_BATCH));
            wanted = new java.util.ArrayList<>(both);
        } catch (RuntimeException e) {
            LOG.warn("cannot list blocks to scan: {}", e.toString());
            return;
        }
        for (BitcoinPeerHandler p : ready) {
            wanted.removeIf(h -> ready.stream().anyMatch(q -> q.blocksInFlight().contains(h)));
            if (wanted.isEmpty()) {
                return;
            }
            int asked = p.requestBlocks(wanted);
            wanted = new java.util.ArrayList<>(wanted.subList(asked, wanted.size()));
        }
    }

    @Override
    public void close() {
        closed = true;
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}

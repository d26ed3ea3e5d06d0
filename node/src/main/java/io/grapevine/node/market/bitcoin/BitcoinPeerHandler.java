package io.grapevine.node.market.bitcoin;

import io.grapevine.market.chain.HeaderChain;
import io.grapevine.market.chain.HeaderRejectedException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.BlockLocator;
import org.bitcoinj.core.GetDataMessage;
import org.bitcoinj.core.GetHeadersMessage;
import org.bitcoinj.core.HeadersMessage;
import org.bitcoinj.core.InventoryItem;
import org.bitcoinj.core.InventoryMessage;
import org.bitcoinj.core.Message;
import org.bitcoinj.core.NotFoundMessage;
import org.bitcoinj.core.Ping;
import org.bitcoinj.core.Pong;
import org.bitcoinj.core.SendHeadersMessage;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.VersionAck;
import org.bitcoinj.core.VersionMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One outbound connection to a Bitcoin full node, headers only: version/verack, then {@code getheaders} from our
 * chain's locator until a short batch says we caught up; {@code inv} or {@code headers} announcements of new blocks
 * lead to another {@code getheaders}. Headers go into {@link HeaderChain}, which checks proof of work and difficulty;
 * a refused header drops the peer. Full blocks are fetched only on request of the {@link BitcoinFollower} (payment
 * scanning). Runs on the channel's event loop; public methods hop onto it.
 */
final class BitcoinPeerHandler extends SimpleChannelInboundHandler<Message> {
    private static final Logger LOG = LoggerFactory.getLogger(BitcoinPeerHandler.class);
    /** Headers that do not connect to anything we know, tolerated (a race with a new block) before dropping. */
    private static final int MAX_NON_CONNECTING = 8;
    /** Blocks asked for at once from one peer. */
    static final int MAX_BLOCKS_IN_FLIGHT = 16;

    private final HeaderChain chain;
    private final BitcoinTimeouts timeouts;
    private final BitcoinFollower follower;
    private final InetSocketAddress configured;
    private final Set<Sha256Hash> blocksInFlight = new HashSet<>();
    private ChannelHandlerContext ctx;
    private boolean versionReceived;
    private boolean verackReceived;
    private boolean ready;
    private int nonConnecting;
    private ScheduledFuture<?> handshakeTimer;
    private ScheduledFuture<?> headersTimer;
    private ScheduledFuture<?> blocksTimer;

    BitcoinPeerHandler(HeaderChain chain, BitcoinTimeouts timeouts, BitcoinFollower follower,
                       InetSocketAddress configured) {
        this.configured = configured;
        this.chain = chain;
        this.timeouts = timeouts;
        this.follower = follower;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        VersionMessage version = new VersionMessage(chain.network().params(), chain.headHeight());
        version.relayTxesBeforeFilter = false; // we want no transaction announcements
        ctx.writeAndFlush(version);
        handshakeTimer = schedule(() -> drop("no version/verack within " + timeouts.handshake()),
                timeouts.handshake().toMillis());
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Message msg) {
        if (msg instanceof VersionMessage) {
            if (versionReceived) {
                drop("second version message");
                return;
            }
            versionReceived = true;
            ctx.writeAndFlush(new VersionAck());
            maybeReady();
        } else if (msg instanceof VersionAck) {
            verackReceived = true;
            maybeReady();
        } else if (msg instanceof Ping ping) {
            if (ping.hasNonce()) {
                ctx.writeAndFlush(Pong.of(ping.nonce()));
            }
        } else if (!ready) {
            // Bitcoin Core sends feature negotiation (wtxidrelay, sendaddrv2) between version and verack: ignore.
            return;
        } else if (msg instanceof HeadersMessage headers) {
            onHeaders(headers.getBlockHeaders());
        } else if (msg instanceof NotFoundMessage notFound) {
            notFound.getItems().forEach(i -> blocksInFlight.remove(i.hash));
        } else if (msg instanceof InventoryMessage inv) {
            onInventory(inv.getItems());
        } else if (msg instanceof Block block) {
            if (blocksInFlight.remove(block.getHash())) {
                if (!follower.blockArrived(block)) {
                    drop("sent block " + block.getHash() + " whose transactions do not match its header");
                } else if (blocksInFlight.isEmpty()) {
                    blocksTimer.cancel(false);
                    follower.fetchForScan(); // the next batch, if the scan is behind
                }
            }
        }
    }

    private void maybeReady() {
        if (!versionReceived || !verackReceived || ready) {
            return;
        }
        ready = true;
        handshakeTimer.cancel(false);
        ctx.writeAndFlush(new SendHeadersMessage()); // announce new blocks as headers (BIP130)
        requestHeaders();
        follower.peerReady(this);
    }

    private void onInventory(List<InventoryItem> items) {
        for (InventoryItem item : items) {
            boolean block = item.type == InventoryItem.Type.BLOCK || item.type == InventoryItem.Type.WITNESS_BLOCK;
            if (block && chain.locate(item.hash).isEmpty()) {
                requestHeaders();
                return;
            }
        }
    }

    private void onHeaders(List<Block> headers) {
        boolean answer = headersTimer != null;
        if (headersTimer != null) {
            headersTimer.cancel(false);
            headersTimer = null;
        }
        if (headers.isEmpty()) {
            follower.headersSynced();
            return;
        }
        if (chain.locate(headers.get(0).getPrevBlockHash()).isEmpty()) {
            // An announcement ahead of what we know, or an answer that ignores our locator: ask again, a few times.
            if (++nonConnecting > MAX_NON_CONNECTING) {
                drop(nonConnecting + " batches of headers that connect to nothing we know");
            } else {
                requestHeaders();
            }
            return;
        }
        try {
            chain.addAll(headers);
        } catch (HeaderRejectedException e) {
            drop("sent a header we refuse: " + e.getMessage());
            return;
        }
        nonConnecting = 0;
        follower.headersAdded(headers.size());
        if (answer && headers.size() >= HeadersMessage.MAX_HEADERS) {
            requestHeaders();
        } else {
            follower.headersSynced();
        }
    }

    /** Asks for headers after our best chain; one request at a time, answered within the request timeout. */
    void requestHeaders() {
        runOnLoop(() -> {
            if (!ready || headersTimer != null) {
                return;
            }
            ctx.writeAndFlush(new GetHeadersMessage(
                    chain.network().params().getDefaultSerializer().getProtocolVersion(), new BlockLocator(chain.locator()), Sha256Hash.ZERO_HASH));
            headersTimer = schedule(() -> drop("no headers within " + timeouts.request()),
                    timeouts.request().toMillis());
        });
    }

    /** Asks for full blocks (with witnesses); returns how many were requested (fewer if enough are in flight). */
    int requestBlocks(Collection<Sha256Hash> hashes) {
        if (!ctx.executor().inEventLoop()) {
            throw new IllegalStateException("call on the follower's event loop");
        }
        GetDataMessage getData = new GetDataMessage();
        int asked = 0;
        for (Sha256Hash h : hashes) {
            if (blocksInFlight.size() >= MAX_BLOCKS_IN_FLIGHT) {
                break;
            }
            if (blocksInFlight.add(h)) {
                getData.addBlock(h, true);
                asked++;
            }
        }
        if (asked > 0) {
            ctx.writeAndFlush(getData);
            if (blocksTimer != null) {
                blocksTimer.cancel(false);
            }
            blocksTimer = schedule(() -> {
                if (!blocksInFlight.isEmpty()) {
                    drop(blocksInFlight.size() + " blocks not delivered within " + timeouts.request());
                }
            }, timeouts.request().toMillis());
        }
        return asked;
    }

    /** The peer as configured (its backoff is reset once it completes a handshake). */
    InetSocketAddress configured() {
        return configured;
    }

    Set<Sha256Hash> blocksInFlight() {
        return blocksInFlight;
    }

    /** Sends a transaction unsolicited (Bitcoin Core accepts a {@code tx} without an {@code inv} first). */
    void send(Transaction tx) {
        ctx.writeAndFlush(tx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent idle) {
            switch (idle.state()) {
                case WRITER_IDLE -> ctx.writeAndFlush(Ping.random());
                case READER_IDLE -> drop("silent for " + timeouts.silence());
                default -> { }
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        drop(cause.getMessage() == null ? cause.toString() : cause.getMessage());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        for (ScheduledFuture<?> t : new ScheduledFuture<?>[] {handshakeTimer, headersTimer, blocksTimer}) {
            if (t != null) {
                t.cancel(false);
            }
        }
        follower.peerClosed(this);
        ctx.fireChannelInactive();
    }

    void drop(String reason) {
        if (ctx.channel().isOpen()) {
            LOG.warn("dropping bitcoin peer {}: {}", ctx.channel().remoteAddress(), reason);
            follower.peerDropped(ctx.channel().remoteAddress(), reason);
            ctx.close();
        }
    }

    private ScheduledFuture<?> schedule(Runnable r, long millis) {
        return ctx.executor().schedule(r, millis, TimeUnit.MILLISECONDS);
    }

    private void runOnLoop(Runnable r) {
        if (ctx.executor().inEventLoop()) {
            r.run();
        } else {
            ctx.executor().execute(r);
        }
    }
}

package io.grapevine.node.market.bitcoin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.GetDataMessage;
import org.bitcoinj.core.GetHeadersMessage;
import org.bitcoinj.core.HeadersMessage;
import org.bitcoinj.core.InventoryItem;
import org.bitcoinj.core.InventoryMessage;
import org.bitcoinj.core.Message;
import org.bitcoinj.core.NetworkParameters;
import org.bitcoinj.core.NotFoundMessage;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.VersionAck;
import org.bitcoinj.core.VersionMessage;

/**
 * A Bitcoin regtest full node in the test's process, on 127.0.0.1: it answers version/verack, getheaders (from the
 * locator's first hash on its best chain, up to 2,000 headers), getdata for blocks, records {@code tx} messages, and
 * announces its tip with {@code inv}. Its chain is whatever the test sets (mined by RegtestMiner), forks included.
 */
public final class RegtestBitcoinPeer implements AutoCloseable {
    private final NetworkParameters params;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Map<Sha256Hash, Block> blocks = new HashMap<>();
    private final List<Block> best = new ArrayList<>();
    private final Map<Sha256Hash, Block> forged = new HashMap<>();
    private final List<Transaction> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger blocksServed = new AtomicInteger();
    private final Channel server;

    public RegtestBitcoinPeer(NetworkParameters params) throws InterruptedException {
        this.params = params;
        best.add(params.getGenesisBlock());
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.incrementAndGet();
                        channels.add(ch);
                        ch.pipeline().addLast(new BitcoinFrameDecoder(params, BitcoinFrameDecoder.MAX_PAYLOAD),
                                new BitcoinFrameEncoder(params), new Responder());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    /** Makes {@code chain} (genesis first) the best chain; its blocks are served from now on. */
    public synchronized void setBest(List<Block> chain) {
        best.clear();
        best.addAll(chain);
        chain.forEach(b -> blocks.put(b.getHash(), b));
    }

    /** Serves {@code body} when asked for the block {@code hash}: a lying peer. */
    public synchronized void serveInstead(Sha256Hash hash, Block body) {
        forged.put(hash, body);
    }

    /** Announces the tip to every connection, as a node does when it accepts a new block. */
    public void announceTip() {
        Block tip;
        synchronized (this) {
            tip = best.get(best.size() - 1);
        }
        channels.writeAndFlush(InventoryMessage.ofBlocks(tip));
    }

    public List<Transaction> receivedTransactions() {
        return received;
    }

    public int connections() {
        return connections.get();
    }

    public int blocksServed() {
        return blocksServed.get();
    }

    private synchronized List<Block> headersAfter(List<Sha256Hash> locator) {
        int start = 0;
        for (Sha256Hash h : locator) {
            int i = indexOnBest(h);
            if (i >= 0) {
                start = i;
                break;
            }
        }
        List<Block> out = new ArrayList<>();
        for (int i = start + 1; i < best.size() && out.size() < HeadersMessage.MAX_HEADERS; i++) {
            out.add(best.get(i).cloneAsHeader());
        }
        return out;
    }

    private int indexOnBest(Sha256Hash h) {
        for (int i = best.size() - 1; i >= 0; i--) {
            if (best.get(i).getHash().equals(h)) {
                return i;
            }
        }
        return -1;
    }

    private synchronized int height() {
        return best.size() - 1;
    }

    private synchronized Block block(Sha256Hash h) {
        return forged.containsKey(h) ? forged.get(h) : blocks.get(h);
    }

    private final class Responder extends SimpleChannelInboundHandler<Message> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Message msg) {
            if (msg instanceof VersionMessage) {
                VersionMessage ours = new VersionMessage(params, height());
                ctx.write(ours);
                ctx.writeAndFlush(new VersionAck());
            } else if (msg instanceof GetHeadersMessage get) {
                ctx.writeAndFlush(new HeadersMessage(headersAfter(get.getLocator().getHashes())));
            } else if (msg instanceof GetDataMessage get) {
                List<InventoryItem> missing = new ArrayList<>();
                for (InventoryItem item : get.getItems()) {
                    Block b = block(item.hash);
                    if (b == null) {
                        missing.add(item);
                    } else {
                        blocksServed.incrementAndGet();
                        ctx.write(b);
                    }
                }
                if (!missing.isEmpty()) {
                    ctx.write(new NotFoundMessage(missing));
                }
                ctx.flush();
            } else if (msg instanceof Transaction tx) {
                received.add(tx);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        channels.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}

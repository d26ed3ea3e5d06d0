package io.grapevine.market.chain;

import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.BlockChain;
import org.bitcoinj.core.CheckpointManager;
import org.bitcoinj.core.Context;
import org.bitcoinj.core.NetworkParameters;
import org.bitcoinj.core.PrunedException;
import org.bitcoinj.core.StoredBlock;
import org.bitcoinj.core.VerificationException;
import org.bitcoinj.store.BlockStore;
import org.bitcoinj.store.BlockStoreException;
import org.bitcoinj.store.MemoryBlockStore;
import org.bitcoinj.store.SPVBlockStore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A headers-only view of a Bitcoin chain: bitcoinj's {@link BlockChain} checks proof of work and difficulty of each
 * header; this class adds what payment verification needs and bitcoinj does not answer directly: whether a known
 * header is on the <em>best</em> chain (headers of a losing fork stay in the store after a reorg) and how many
 * confirmations it has. It keeps a height-to-hash index of the best chain, refreshed by walking back from the head
 * after every change, bounded to the store's capacity.
 *
 * <p>Thread-safe: every method holds this object's lock.
 */
public final class HeaderChain implements AutoCloseable {
    /** bitcoinj's {@link MemoryBlockStore} keeps the most recent 5,000 headers. */
    public static final int MEMORY_STORE_CAPACITY = 5000;

    private final MarketNetwork network;
    private final NetworkParameters params;
    private final Context context;
    private final BlockStore store;
    private final BlockChain chain;
    private final int indexDepth;
    private final Map<Integer, Sha256Hash> bestByHeight = new HashMap<>();
    private int indexedTop = -1;
    private int indexedFloor = 0;

    private HeaderChain(MarketNetwork network, BlockStore store, int indexDepth) throws HeaderRejectedException {
        this.network = network;
        this.params = network.params();
        this.context = new Context();
        Context.propagate(context);
        this.store = store;
        this.indexDepth = indexDepth;
        try {
            this.chain = new BlockChain(network.bitcoinj(), store);
        } catch (BlockStoreException e) {
            throw new HeaderRejectedException("cannot open block store", e);
        }
        refreshIndex();
    }

    /** Headers in memory from genesis: regtest and tests. */
    public static HeaderChain inMemory(MarketNetwork network) {
        NetworkParameters params = network.params();
        try {
            return new HeaderChain(network, new MemoryBlockStore(params.getGenesisBlock()), MEMORY_STORE_CAPACITY);
        } catch (HeaderRejectedException e) {
            throw new IllegalStateException("memory store failed", e);
        }
    }

    /**
     * Headers in a bitcoinj SPV ring-buffer file (it holds a file lock until {@link #close()}). A new store on
     * mainnet, testnet or signet starts from bitcoinj's bundled checkpoint at or before {@code startNoLaterThan}
     * (a week before the oldest order it must verify, say) instead of from genesis.
     */
    public static HeaderChain onDisk(MarketNetwork network, Path file, int capacity, Instant startNoLaterThan)
            throws HeaderRejectedException {
        NetworkParameters params = network.params();
        Context.propagate(new Context());
        SPVBlockStore store;
        try {
            store = new SPVBlockStore(params, file.toFile(), capacity, true);
            boolean fresh = store.getChainHead().getHeight() == 0;
            if (fresh && network != MarketNetwork.REGTEST) {
                try (InputStream checkpoints = CheckpointManager.openStream(params)) {
                    if (checkpoints != null) {
                        CheckpointManager.checkpoint(params, checkpoints, store, startNoLaterThan);
                    }
                }
            }
        } catch (BlockStoreException | IOException e) {
            throw new HeaderRejectedException("cannot open header store " + file, e);
        }
        return new HeaderChain(network, store, capacity);
    }

    public MarketNetwork network() {
        return network;
    }

    /**
     * Adds one header (transactions, if any, are ignored). Returns false if it was already known. The parent must be
     * known: bitcoinj would otherwise keep the header as an orphan, unverified against any chain.
     */
    public synchronized boolean add(Block block) throws HeaderRejectedException {
        Context.propagate(context);
        Block header = block.getTransactions() == null ? block : block.cloneAsHeader();
        try {
            if (store.get(header.getHash()) != null) {
                return false;
            }
            if (store.get(header.getPrevBlockHash()) == null) {
                throw new HeaderRejectedException("unknown parent " + header.getPrevBlockHash()
                        + " of header " + header.getHash());
            }
            if (!chain.add(header)) {
                throw new HeaderRejectedException("header " + header.getHash() + " not connected");
            }
            refreshIndex();
            return true;
        } catch (VerificationException e) {
            throw new HeaderRejectedException("invalid header " + header.getHash() + ": " + e.getMessage(), e);
        } catch (BlockStoreException | PrunedException e) {
            throw new HeaderRejectedException("header store failed", e);
        }
    }

    /** Adds headers in order; stops at the first refusal (earlier ones stay). Returns how many were new. */
    public synchronized int addAll(List<Block> headers) throws HeaderRejectedException {
        int added = 0;
        for (Block h : headers) {
            if (add(h)) {
                added++;
            }
        }
        return added;
    }

    /** The position of a known header, or empty if this chain has never seen it (or it fell out of the store). */
    public synchronized Optional<ChainPosition> locate(Sha256Hash blockHash) {
        Objects.requireNonNull(blockHash);
        try {
            StoredBlock sb = store.get(blockHash);
            if (sb == null) {
                return Optional.empty();
            }
            boolean best = blockHash.equals(bestByHeight.get(sb.getHeight()));
            int confirmations = best ? headHeight() - sb.getHeight() + 1 : 0;
            return Optional.of(new ChainPosition(blockHash, sb.getHeight(), sb.getHeader().time(), best,
                    confirmations));
        } catch (BlockStoreException e) {
            return Optional.empty();
        }
    }

    /**
     * A known header with its height and cumulative work, or empty: what a wallet's own chain is rooted at so it
     * can start at its birth instead of the genesis.
     */
    public synchronized Optional<StoredBlock> storedBlock(Sha256Hash blockHash) {
        Objects.requireNonNull(blockHash);
        try {
            return Optional.ofNullable(store.get(blockHash));
        } catch (BlockStoreException e) {
            return Optional.empty();
        }
    }

    public synchronized int headHeight() {
        return chain.getChainHead().getHeight();
    }

    public synchronized Sha256Hash headHash() {
        return chain.getChainHead().getHeader().getHash();
    }

    public synchronized Instant headTime() {
        return chain.getChainHead().getHeader().time();
    }

    /** The best chain's block hash at {@code height}, if it is within the indexed window. */
    public synchronized Optional<Sha256Hash> bestHashAt(int height) {
        return Optional.ofNullable(bestByHeight.get(height));
    }

    /**
     * A block locator for a getheaders request: the last 10 best-chain hashes, then exponentially sparser ones, down
     * to the oldest indexed header.
     */
    public synchronized List<Sha256Hash> locator() {
        List<Sha256Hash> out = new ArrayList<>();
        int step = 1;
        for (int h = headHeight(); h >= 0; h -= step) {
            Sha256Hash hash = bestByHeight.get(h);
            if (hash == null) {
                break;
            }
            out.add(hash);
            if (out.size() >= 10) {
                step *= 2;
            }
        }
        return out;
    }

    private void refreshIndex() throws HeaderRejectedException {
        StoredBlock head = chain.getChainHead();
        for (int h = head.getHeight() + 1; h <= indexedTop; h++) {
            bestByHeight.remove(h);
        }
        indexedTop = head.getHeight();
        int floor = Math.max(0, head.getHeight() - indexDepth + 1);
        StoredBlock cur = head;
        try {
            while (cur != null && cur.getHeight() >= floor) {
                Sha256Hash hash = cur.getHeader().getHash();
                if (hash.equals(bestByHeight.put(cur.getHeight(), hash))) {
                    break;
                }
                cur = cur.getHeight() == 0 ? null : cur.getPrev(store);
            }
        } catch (BlockStoreException e) {
            throw new HeaderRejectedException("header store failed", e);
        }
        for (int h = indexedFloor; h < floor; h++) {
            bestByHeight.remove(h);
        }
        indexedFloor = floor;
    }

    @Override
    public synchronized void close() {
        try {
            store.close();
        } catch (BlockStoreException e) {
            // Closing releases the file lock; nothing left to do if that fails.
        }
    }
}

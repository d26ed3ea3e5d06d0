package io.grapevine.node.market.wallet;

import io.grapevine.market.chain.HeaderChain;
import io.grapevine.market.chain.MarketNetwork;
import io.grapevine.market.order.Order;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bitcoinj.base.Address;
import org.bitcoinj.base.Coin;
import org.bitcoinj.base.ScriptType;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.BlockChain;
import org.bitcoinj.core.Context;
import org.bitcoinj.core.FilteredBlock;
import org.bitcoinj.core.InsufficientMoneyException;
import org.bitcoinj.core.PartialMerkleTree;
import org.bitcoinj.core.StoredBlock;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.VerificationException;
import org.bitcoinj.store.BlockStoreException;
import org.bitcoinj.store.MemoryBlockStore;
import org.bitcoinj.wallet.SendRequest;
import org.bitcoinj.wallet.UnreadableWalletException;
import org.bitcoinj.wallet.Wallet;

/**
 * The buyer's convenience wallet on bitcoinj (P2WPKH, BIP32): create, receive address, balance, pay an order. It
 * learns of payments from full blocks given to {@link #acceptBlock} (the Bitcoin follower, or blocks posted to the
 * API), and keeps for each of its own transactions mined so the gettxoutproof-format proof the seller needs.
 * Broadcasting to the Bitcoin network is not done here: {@link #pay} returns the signed raw transaction.
 *
 * <p>Its own bitcoinj chain starts at its <em>birth</em> (a best-chain header a few blocks below the node's head
 * when it was created, kept in the wallet file as the last block seen) and, after a restart, at the last block it
 * saw: blocks at or below that carry nothing for it and are ignored. The root header comes from the node's
 * {@link HeaderChain}; until that chain knows it, the wallet is not {@linkplain #rooted() rooted} and takes no block.
 * Reorgs above the root are bitcoinj's (a side chain with more work makes it reorganize its transactions).
 */
public final class GrapevineWallet implements AutoCloseable {
    private final MarketNetwork network;
    private final Path file;
    /** Blocks below the head at creation the wallet is born at: a stale tip then cannot strand it. */
    static final int BIRTH_DEPTH = 6;
    /** Blocks accepted between saves when none concerned the wallet (a restart re-reads at most these). */
    static final int SAVE_EVERY = 100;

    private final Wallet wallet;
    private final HeaderChain headers;
    private final Context context = new Context();
    private final Map<Sha256Hash, byte[]> proofs = new ConcurrentHashMap<>();
    private MemoryBlockStore store;
    private BlockChain chain;
    private int rootHeight;
    private int unsaved;

    private GrapevineWallet(MarketNetwork network, Path file, Wallet wallet, HeaderChain headers) {
        this.network = network;
        this.file = file;
        this.wallet = wallet;
        this.headers = headers;
    }

    /** The wallet file of a network in a node's home. */
    public static Path file(Path home, MarketNetwork network) {
        return home.resolve("wallet-" + network.wireName() + ".wallet");
    }

    public static boolean exists(Path home, MarketNetwork network) {
        return Files.exists(file(home, network));
    }

    /**
     * Creates a new wallet file, born {@value #BIRTH_DEPTH} blocks below the head of {@code headers} (create it once
     * the node has caught up with the chain, or it reads every block since); refuses to overwrite one (it holds keys).
     */
    public static GrapevineWallet create(Path home, MarketNetwork network, HeaderChain headers) throws IOException {
        Path f = file(home, network);
        if (Files.exists(f)) {
            throw new IllegalStateException("a wallet already exists: " + f);
        }
        Context.propagate(new Context());
        Wallet wallet = Wallet.createDeterministic(network.bitcoinj(), ScriptType.P2WPKH);
        int height = Math.max(0, headers.headHeight() - BIRTH_DEPTH);
        Sha256Hash birth = headers.bestHashAt(height).orElse(headers.headHash());
        StoredBlock born = headers.storedBlock(birth).orElseThrow();
        wallet.setLastBlockSeenHash(birth);
        wallet.setLastBlockSeenHeight(born.getHeight());
        wallet.setLastBlockSeenTime(born.getHeader().time());
        GrapevineWallet w = new GrapevineWallet(network, f, wallet, headers);
        w.save();
        return w;
    }

    public static GrapevineWallet open(Path home, MarketNetwork network, HeaderChain headers) throws IOException {
        Path f = file(home, network);
        Context.propagate(new Context());
        try {
            return new GrapevineWallet(network, f, Wallet.loadFromFile(f.toFile()), headers);
        } catch (UnreadableWalletException e) {
            throw new IOException("cannot read the wallet " + f + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether the wallet's chain has its root (starting it now if the header chain knows the root header). A wallet
     * file without a last block seen (older files) starts at the genesis.
     */
    public synchronized boolean rooted() {
        if (chain != null) {
            return true;
        }
        Context.propagate(context);
        Sha256Hash seen = wallet.getLastBlockSeenHash();
        Block genesis = network.params().getGenesisBlock();
        java.util.Optional<StoredBlock> root = seen == null || seen.equals(genesis.getHash())
                ? java.util.Optional.empty() : headers.storedBlock(seen);
        if (seen != null && !seen.equals(genesis.getHash()) && root.isEmpty()) {
            return false;
        }
        try {
            MemoryBlockStore s = new MemoryBlockStore(genesis);
            if (root.isPresent()) {
                s.put(root.get());
                s.setChainHead(root.get());
            }
            store = s;
            chain = new BlockChain(network.params(), wallet, s);
            rootHeight = s.getChainHead().getHeight();
            return true;
        } catch (BlockStoreException e) {
            throw new IllegalStateException("cannot start the wallet's chain: " + e.getMessage(), e);
        }
    }

    /** The height of the last block the wallet took (its birth until it takes one). */
    public synchronized int syncedHeight() {
        return wallet.getLastBlockSeenHeight();
    }

    /**
     * The highest height at which the wallet's chain and the best chain of {@code headers} agree: the next block it
     * needs is the best one above. Empty if it is not rooted yet, or if even its root has left the best chain (a
     * reorg below the block it last saw before a restart, deeper than bitcoinj here can undo).
     */
    public synchronized java.util.OptionalInt commonHeight() {
        if (!rooted()) {
            return java.util.OptionalInt.empty();
        }
        try {
            for (StoredBlock cur = chain.getChainHead(); cur != null; cur = cur.getPrev(store)) {
                if (headers.bestHashAt(cur.getHeight()).filter(cur.getHeader().getHash()::equals).isPresent()) {
                    return java.util.OptionalInt.of(cur.getHeight());
                }
                if (cur.getHeight() <= rootHeight) {
                    break;
                }
            }
        } catch (BlockStoreException e) {
            throw new IllegalStateException("wallet chain store failed", e);
        }
        return java.util.OptionalInt.empty();
    }

    public MarketNetwork network() {
        return network;
    }

    public synchronized Address receiveAddress() {
        Context.propagate(context);
        return wallet.currentReceiveAddress();
    }

    /** Spendable now (confirmed, or our own change). */
    public synchronized Coin balance() {
        Context.propagate(context);
        return wallet.getBalance();
    }

    /** Including unconfirmed incoming payments. */
    public synchronized Coin estimatedBalance() {
        Context.propagate(context);
        return wallet.getBalance(Wallet.BalanceType.ESTIMATED);
    }

    /** Signs and records a payment of the order's amount to its address; returns the transaction to broadcast. */
    public synchronized Transaction pay(Order order) throws InsufficientMoneyException, IOException {
        Context.propagate(context);
        if (order.network() != network) {
            throw new IllegalArgumentException("order is on " + order.network() + ", the wallet on " + network);
        }
        SendRequest request = SendRequest.to(order.address(), Coin.valueOf(order.amountSats()));
        request.feePerKb = Coin.valueOf(2_000);
        Transaction tx = wallet.sendCoinsOffline(request);
        save();
        return tx;
    }

    /**
     * Feeds a full block whose header the header chain knows (on top of blocks already given); our transactions in
     * it get their inclusion proofs. Returns false if it was ignored: at or below the wallet's root (from before its
     * birth or seen before a restart), or already taken. Throws if it does not connect, its transactions do not match its header, or the
     * wallet is not rooted yet.
     */
    public synchronized boolean acceptBlock(Block block) throws IOException {
        if (!rooted()) {
            throw new IOException("the wallet waits for the header of its birth block " + wallet.getLastBlockSeenHash()
                    + " (height " + wallet.getLastBlockSeenHeight() + ")");
        }
        Context.propagate(context);
        var at = headers.locate(block.getHash());
        if (at.isPresent() && at.get().height() <= rootHeight) {
            return false;
        }
        try {
            if (store.get(block.getHash()) != null) {
                return false; // fed twice (the follower and the API both feeding): bitcoinj would count it twice
            }
            if (!chain.add(block)) {
                throw new IOException("block " + block.getHash() + " does not connect to the wallet's chain (height "
                        + chain.getBestChainHeight() + "); feed blocks in order from height " + (rootHeight + 1));
            }
        } catch (VerificationException | org.bitcoinj.core.PrunedException e) {
            throw new IOException("block refused: " + e.getMessage(), e);
        } catch (BlockStoreException e) {
            throw new IOException("wallet chain store failed: " + e.getMessage(), e);
        }
        boolean ours = false;
        List<Transaction> txs = block.getTransactions();
        List<Sha256Hash> ids = txs == null ? List.of() : txs.stream().map(Transaction::getTxId).toList();
        for (int i = 0; i < ids.size(); i++) {
            if (wallet.getTransaction(ids.get(i)) != null) {
                byte[] bits = new byte[(ids.size() + 7) / 8];
                bits[i / 8] |= (byte) (1 << (i % 8));
                proofs.put(ids.get(i), new FilteredBlock(block.cloneAsHeader(),
                        PartialMerkleTree.buildFromLeaves(bits, ids)).serialize());
                ours = true;
            }
        }
        // Saving a wallet file per block would make catching up slow; a restart re-reads the unsaved blocks.
        if (ours || ++unsaved >= SAVE_EVERY) {
            save();
        }
        return true;
    }

    /** The gettxoutproof of one of our mined transactions, from the last block that contained it. */
    public Optional<byte[]> proof(Sha256Hash txid) {
        return Optional.ofNullable(proofs.get(txid)).map(byte[]::clone);
    }

    public synchronized Optional<Transaction> transaction(Sha256Hash txid) {
        return Optional.ofNullable(wallet.getTransaction(txid));
    }

    private void save() throws IOException {
        unsaved = 0;
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        wallet.saveToFile(tmp.toFile(), file.toFile());
    }

    @Override
    public synchronized void close() {
        try {
            save();
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(GrapevineWallet.class).warn("saving the wallet failed: {}",
                    e.getMessage());
        }
    }
}

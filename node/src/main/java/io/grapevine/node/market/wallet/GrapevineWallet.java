package io.grapevine.node.market.wallet;

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
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.VerificationException;
import org.bitcoinj.store.BlockStoreException;
import org.bitcoinj.store.MemoryBlockStore;
import org.bitcoinj.wallet.SendRequest;
import org.bitcoinj.wallet.UnreadableWalletException;
import org.bitcoinj.wallet.Wallet;

/**
 * The buyer's convenience wallet on bitcoinj (P2WPKH, BIP32): create, receive address, balance, pay an order. It
 * learns of payments from full blocks given to {@link #acceptBlock} (the in-process regtest chain in tests, or any
 * block source), and keeps for each of its own transactions mined so the gettxoutproof-format proof the seller needs.
 * Broadcasting to the Bitcoin network is not done here: {@link #pay} returns the signed raw transaction.
 */
public final class GrapevineWallet implements AutoCloseable {
    private final MarketNetwork network;
    private final Path file;
    private final Wallet wallet;
    private final BlockChain chain;
    private final Context context = new Context();
    private final Map<Sha256Hash, byte[]> proofs = new ConcurrentHashMap<>();

    private GrapevineWallet(MarketNetwork network, Path file, Wallet wallet) throws IOException {
        this.network = network;
        this.file = file;
        this.wallet = wallet;
        Context.propagate(context);
        try {
            this.chain = new BlockChain(network.params(), wallet,
                    new MemoryBlockStore(network.params().getGenesisBlock()));
        } catch (BlockStoreException e) {
            throw new IOException("cannot start the wallet's chain: " + e.getMessage(), e);
        }
    }

    /** The wallet file of a network in a node's home. */
    public static Path file(Path home, MarketNetwork network) {
        return home.resolve("wallet-" + network.wireName() + ".wallet");
    }

    public static boolean exists(Path home, MarketNetwork network) {
        return Files.exists(file(home, network));
    }

    /** Creates a new wallet file; refuses to overwrite one (it holds keys). */
    public static GrapevineWallet create(Path home, MarketNetwork network) throws IOException {
        Path f = file(home, network);
        if (Files.exists(f)) {
            throw new IllegalStateException("a wallet already exists: " + f);
        }
        Context.propagate(new Context());
        GrapevineWallet w = new GrapevineWallet(network, f,
                Wallet.createDeterministic(network.bitcoinj(), ScriptType.P2WPKH));
        w.save();
        return w;
    }

    public static GrapevineWallet open(Path home, MarketNetwork network) throws IOException {
        Path f = file(home, network);
        Context.propagate(new Context());
        try {
            return new GrapevineWallet(network, f, Wallet.loadFromFile(f.toFile()));
        } catch (UnreadableWalletException e) {
            throw new IOException("cannot read the wallet " + f + ": " + e.getMessage(), e);
        }
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

    /** Feeds a full block (on top of blocks already given); our transactions in it get their inclusion proofs. */
    public synchronized void acceptBlock(Block block) throws IOException {
        Context.propagate(context);
        try {
            if (!chain.add(block)) {
                throw new IOException("block " + block.getHash() + " does not connect to the wallet's chain (height "
                        + chain.getBestChainHeight() + "); feed blocks in order from the genesis");
            }
        } catch (VerificationException | org.bitcoinj.core.PrunedException e) {
            throw new IOException("block refused: " + e.getMessage(), e);
        }
        List<Transaction> txs = block.getTransactions();
        if (txs == null) {
            return;
        }
        List<Sha256Hash> ids = txs.stream().map(Transaction::getTxId).toList();
        for (int i = 0; i < ids.size(); i++) {
            if (wallet.getTransaction(ids.get(i)) != null) {
                byte[] bits = new byte[(ids.size() + 7) / 8];
                bits[i / 8] |= (byte) (1 << (i % 8));
                proofs.put(ids.get(i), new FilteredBlock(block.cloneAsHeader(),
                        PartialMerkleTree.buildFromLeaves(bits, ids)).serialize());
            }
        }
        save();
    }

    /** The gettxoutproof of one of our mined transactions, from the last block that contained it. */
    public Optional<byte[]> proof(Sha256Hash txid) {
        return Optional.ofNullable(proofs.get(txid)).map(byte[]::clone);
    }

    public synchronized Optional<Transaction> transaction(Sha256Hash txid) {
        return Optional.ofNullable(wallet.getTransaction(txid));
    }

    private void save() throws IOException {
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

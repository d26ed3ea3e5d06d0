package io.grapevine.market.regtest;

import io.grapevine.market.chain.HeaderChain;
import io.grapevine.market.chain.HeaderRejectedException;
import io.grapevine.market.chain.MarketNetwork;
import io.grapevine.market.order.Order;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.Transaction;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A regtest chain followed by a {@link HeaderChain}, with 101 blocks mined so the first coinbases are spendable, and
 * helpers to pay orders from them. Main code rather than a test fixture because the demo ({@code grapevine demo}) and
 * tests alike need a chain without a bitcoind; it only ever speaks regtest.
 */
public final class Regtest {
    public final RegtestMiner miner;
    public final HeaderChain chain = HeaderChain.inMemory(MarketNetwork.REGTEST);
    private final List<Block> mainChain = new ArrayList<>();
    private int nextCoinbase = 1;
    private Block tip;

    public Regtest(Instant start) {
        miner = new RegtestMiner(start);
        tip = miner.genesis();
        mainChain.add(tip);
        extend(101);
    }

    public Block tip() {
        return tip;
    }

    /** Mines {@code n} empty blocks on the tip and feeds their headers to the chain. */
    public List<Block> extend(int n) {
        List<Block> mined = miner.mine(tip, n);
        mined.forEach(this::accept);
        return mined;
    }

    /** Mines {@code txs} into a block on the tip and feeds its header to the chain. */
    public Block mineTxs(List<Transaction> txs) {
        Block b = miner.mine(tip, txs);
        accept(b);
        return b;
    }

    public void accept(Block b) {
        try {
            chain.add(b);
        } catch (HeaderRejectedException e) {
            throw new IllegalStateException("our own regtest block was refused: " + e.getMessage(), e);
        }
        if (b.getPrevBlockHash().equals(tip.getHash())) {
            tip = b;
            mainChain.add(b);
        }
    }

    /** A signed payment of {@code sats} to the order's address from the next mature coinbase (not yet mined). */
    public Transaction payment(Order order, long sats) {
        Block funding = mainChain.get(nextCoinbase++);
        return RegtestMiner.pay(RegtestMiner.reward(funding), miner.minerKey(), order.address(), sats);
    }

    /** Mines {@code txs} in one block on the tip, then {@code extraConfirmations} more. Returns the block. */
    public Block payAndMineAll(List<Transaction> txs, int extraConfirmations) {
        Block b = mineTxs(txs);
        extend(extraConfirmations);
        return b;
    }

    /** Pays, mines it in a block on the tip, then {@code extraConfirmations} more blocks. Returns the paying block. */
    public Block payAndMine(Transaction tx, int extraConfirmations) {
        Block b = mineTxs(List.of(tx));
        extend(extraConfirmations);
        return b;
    }
}

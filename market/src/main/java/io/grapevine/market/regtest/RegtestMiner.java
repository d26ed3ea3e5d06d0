package io.grapevine.market.regtest;

import org.bitcoinj.base.Address;
import org.bitcoinj.base.Coin;
import org.bitcoinj.base.ScriptType;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.FilteredBlock;
import org.bitcoinj.core.NetworkParameters;
import org.bitcoinj.core.PartialMerkleTree;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.TransactionOutput;
import org.bitcoinj.core.TransactionWitness;
import org.bitcoinj.crypto.ECKey;
import org.bitcoinj.script.ScriptBuilder;

import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.bitcoinj.base.BitcoinNetwork.REGTEST;

/**
 * Mines a real regtest chain in-process, as bitcoind would: BIP34 height in the coinbase, a segwit witness
 * commitment, proof of work under regtest's target (about 2 tries a block). Coinbases pay the miner's key (P2WPKH),
 * so tests and the demo can spend them with signed inputs once mature (100 blocks). A legitimate tool for demos and
 * tests (there is no bitcoind on the machines this runs on); regtest coins are worthless and the chain exists only in
 * this process, so nothing here touches a real network.
 */
public final class RegtestMiner {
    public static final NetworkParameters PARAMS = NetworkParameters.of(REGTEST);
    private static final long VERSION = 0x20000000L;
    private static final byte[] WITNESS_COMMITMENT_HEADER = {(byte) 0xaa, 0x21, (byte) 0xa9, (byte) 0xed};

    private final ECKey minerKey = new ECKey();
    private final Map<Sha256Hash, Integer> heights = new HashMap<>();
    private final Map<Sha256Hash, Block> blocks = new HashMap<>();
    private final List<Block> mined = new ArrayList<>();
    private Instant clock;
    private int extraNonce;

    public RegtestMiner(Instant start) {
        this.clock = start.truncatedTo(ChronoUnit.SECONDS);
        Block genesis = PARAMS.getGenesisBlock();
        heights.put(genesis.getHash(), 0);
        blocks.put(genesis.getHash(), genesis);
    }

    public Block genesis() {
        return PARAMS.getGenesisBlock();
    }

    public ECKey minerKey() {
        return minerKey;
    }

    public Address minerAddress() {
        return minerKey.toAddress(ScriptType.P2WPKH, REGTEST);
    }

    /** Every block mined so far, on any fork, in mining order. */
    public List<Block> minedBlocks() {
        return List.copyOf(mined);
    }

    public int heightOf(Block b) {
        return heights.get(b.getHash());
    }

    /** Sets the timestamp of the next block (later blocks add 60 s each). */
    public void setClock(Instant t) {
        clock = t.truncatedTo(ChronoUnit.SECONDS);
    }

    public Instant clock() {
        return clock;
    }

    /** Mines a block on {@code parent} with {@code txs} after the coinbase. */
    public Block mine(Block parent, List<Transaction> txs) {
        int height = heights.get(parent.getHash()) + 1;
        Transaction coinbase = coinbase(height);
        List<Transaction> all = new ArrayList<>();
        all.add(coinbase);
        all.addAll(txs);
        // The witness root skips the coinbase (its wtxid counts as zero), so the commitment can go in afterwards.
        Sha256Hash witnessRoot = new Block(VERSION, parent.getHash(), null, clock, Block.EASIEST_DIFFICULTY_TARGET,
                0, all).getWitnessRoot();
        Sha256Hash commitment = Sha256Hash.twiceOf(witnessRoot.serialize(), new byte[32]);
        byte[] commitmentScript = new byte[38];
        commitmentScript[0] = 0x6a; // OP_RETURN
        commitmentScript[1] = 0x24; // push 36 bytes
        System.arraycopy(WITNESS_COMMITMENT_HEADER, 0, commitmentScript, 2, 4);
        System.arraycopy(commitment.serialize(), 0, commitmentScript, 6, 32);
        coinbase.addOutput(new TransactionOutput(coinbase, Coin.ZERO, commitmentScript));
        Sha256Hash merkleRoot = new Block(VERSION, parent.getHash(), null, clock, Block.EASIEST_DIFFICULTY_TARGET,
                0, all).getMerkleRoot();
        BigInteger target = new Block(VERSION, parent.getHash(), merkleRoot, clock,
                Block.EASIEST_DIFFICULTY_TARGET, 0, all).getDifficultyTargetAsInteger();
        for (long nonce = 0; ; nonce++) {
            Block b = new Block(VERSION, parent.getHash(), merkleRoot, clock, Block.EASIEST_DIFFICULTY_TARGET, nonce,
                    all);
            if (b.getHash().toBigInteger().compareTo(target) <= 0) {
                Block.verify(PARAMS, b, height, EnumSet.of(Block.VerifyFlag.HEIGHT_IN_COINBASE));
                heights.put(b.getHash(), height);
                blocks.put(b.getHash(), b);
                mined.add(b);
                clock = clock.plusSeconds(60);
                return b;
            }
        }
    }

    /** Mines {@code n} empty blocks on {@code parent}; returns them in order. */
    public List<Block> mine(Block parent, int n) {
        List<Block> out = new ArrayList<>(n);
        Block tip = parent;
        for (int i = 0; i < n; i++) {
            tip = mine(tip, List.of());
            out.add(tip);
        }
        return out;
    }

    /** A signed transaction spending {@code spent} (owned by {@code key}) to {@code to}, change back to the key. */
    public static Transaction pay(TransactionOutput spent, ECKey key, Address to, long sats) {
        Transaction tx = new Transaction();
        tx.addOutput(Coin.valueOf(sats), to);
        long change = spent.getValue().value - sats - 1_000;
        if (change > 1_000) {
            tx.addOutput(Coin.valueOf(change), key.toAddress(ScriptType.P2WPKH, REGTEST));
        }
        tx.addSignedInput(spent, key);
        return tx;
    }

    /** The coinbase's first output: the miner's reward. */
    public static TransactionOutput reward(Block b) {
        return b.getTransactions().get(0).getOutput(0);
    }

    /** A gettxoutproof-format proof that {@code block} contains the transactions at {@code indexes}. */
    public static byte[] proof(Block block, int... indexes) {
        List<Sha256Hash> txids = block.getTransactions().stream().map(Transaction::getTxId).toList();
        byte[] bits = new byte[(txids.size() + 7) / 8];
        for (int i : indexes) {
            bits[i / 8] |= (byte) (1 << (i % 8));
        }
        return new FilteredBlock(block.cloneAsHeader(), PartialMerkleTree.buildFromLeaves(bits, txids)).serialize();
    }

    private Transaction coinbase(int height) {
        byte[] script = new ScriptBuilder().number(height).number(++extraNonce).build().program();
        Transaction cb = Transaction.coinbase(script);
        cb.replaceInput(0, cb.getInput(0).withWitness(TransactionWitness.of(new byte[32])));
        long subsidy = 50_0000_0000L >> (height / 150);
        cb.addOutput(Coin.valueOf(subsidy), minerAddress());
        return cb;
    }
}

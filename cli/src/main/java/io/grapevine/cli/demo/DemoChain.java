package io.grapevine.cli.demo;

import io.grapevine.cli.demo.DemoNetwork.Member;
import io.grapevine.market.chain.MarketNetwork;
import io.grapevine.market.regtest.Regtest;
import io.grapevine.market.regtest.RegtestMiner;
import org.bitcoinj.base.Address;
import org.bitcoinj.base.AddressParser;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.crypto.HDKeyDerivation;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The demo's Bitcoin: a regtest chain mined in this process (there is no bitcoind), 101 blocks deep so a coinbase is
 * spendable, whose blocks the demo hands to every node through {@code POST /api/v1/market/blocks}, as a headers feed
 * and a wallet's block source would.
 */
final class DemoChain implements AutoCloseable {
    /** A block's time may be up to 2 h before an order; starting 3 h back keeps ~120 one-minute blocks in the past. */
    private static final Duration HEAD_START = Duration.ofHours(3);
    private static final int BLOCKS_PER_REQUEST = 50;

    private final Regtest regtest = new Regtest(Instant.now().minus(HEAD_START));
    private int fed;

    /** A fresh regtest extended public key for a seller's payouts (one address per order). */
    static String newPayoutTpub() {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return HDKeyDerivation.createMasterPrivateKey(seed).serializePubB58(MarketNetwork.REGTEST.bitcoinj());
    }

    int height() {
        return regtest.miner.heightOf(regtest.tip());
    }

    /** Pays {@code sats} from the miner's first mature coinbase to {@code address} and mines it; returns the txid. */
    String fund(String address, long sats) {
        Address to = AddressParser.getDefault(MarketNetwork.REGTEST.bitcoinj()).parseAddress(address);
        Block first = regtest.miner.minedBlocks().getFirst();
        Transaction tx = RegtestMiner.pay(RegtestMiner.reward(first), regtest.miner.minerKey(), to, sats);
        regtest.payAndMine(tx, 0);
        return tx.getTxId().toString();
    }

    /** Mines a raw transaction (hex) into a block on the tip; returns that block's height. */
    int mine(String rawTxHex) {
        Transaction tx = Transaction.read(ByteBuffer.wrap(HexFormat.of().parseHex(rawTxHex)));
        regtest.mineTxs(List.of(tx));
        return height();
    }

    void extend(int blocks) {
        regtest.extend(blocks);
    }

    /** Hands every block mined since the last call to each member: headers to its chain, full blocks to its wallet. */
    int feed(List<Member> members) {
        List<Block> mined = regtest.miner.minedBlocks();
        List<String> hex = new ArrayList<>();
        for (Block b : mined.subList(fed, mined.size())) hex.add(HexFormat.of().formatHex(b.serialize()));
        for (int from = 0; from < hex.size(); from += BLOCKS_PER_REQUEST) {
            List<String> batch = hex.subList(from, Math.min(hex.size(), from + BLOCKS_PER_REQUEST));
            for (Member m : members) m.api().post("market/blocks", Map.of("blocks", batch), m.home());
        }
        fed = mined.size();
        return hex.size();
    }

    @Override
    public void close() {
        regtest.chain.close();
    }
}

package io.grapevine.market.chain;

import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.core.NetworkParameters;

import java.util.Locale;

/** The Bitcoin networks a listing may be paid on. bitcoinj 0.17.1 has no testnet4, so neither do we. */
public enum MarketNetwork {
    MAINNET(BitcoinNetwork.MAINNET),
    TESTNET(BitcoinNetwork.TESTNET),
    SIGNET(BitcoinNetwork.SIGNET),
    REGTEST(BitcoinNetwork.REGTEST);

    private final BitcoinNetwork bitcoinj;

    MarketNetwork(BitcoinNetwork bitcoinj) {
        this.bitcoinj = bitcoinj;
    }

    public BitcoinNetwork bitcoinj() {
        return bitcoinj;
    }

    public NetworkParameters params() {
        return NetworkParameters.of(bitcoinj);
    }

    /** Lower-case wire name: mainnet, testnet, signet, regtest. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MarketNetwork fromWireName(String name) {
        for (MarketNetwork n : values()) {
            if (n.wireName().equals(name)) {
                return n;
            }
        }
        throw new IllegalArgumentException("unknown network: " + name);
    }
}

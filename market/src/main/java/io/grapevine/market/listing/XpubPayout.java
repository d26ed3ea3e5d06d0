package io.grapevine.market.listing;

import io.grapevine.market.chain.MarketNetwork;
import org.bitcoinj.base.Address;
import org.bitcoinj.base.ScriptType;
import org.bitcoinj.crypto.ChildNumber;
import org.bitcoinj.crypto.DeterministicKey;
import org.bitcoinj.crypto.HDKeyDerivation;

/**
 * An extended public key; order {@code i} pays to the P2WPKH address of its non-hardened child {@code i}
 * (path {@code <xpub>/i}). To see the payments in an ordinary wallet, give the external-chain key
 * ({@code m/84'/coin'/account'/0}).
 */
public final class XpubPayout implements Payout {
    private final String text;
    private final MarketNetwork network;
    private final DeterministicKey key;

    private XpubPayout(String text, MarketNetwork network, DeterministicKey key) {
        this.text = text;
        this.network = network;
        this.key = key;
    }

    static XpubPayout parse(String text, MarketNetwork network) {
        boolean mainnetPrefix = text.startsWith("xpub") || text.startsWith("zpub");
        if (mainnetPrefix != (network == MarketNetwork.MAINNET)) {
            throw new InvalidPayoutException("extended key prefix " + text.substring(0, 4) + " is not for "
                    + network.wireName());
        }
        DeterministicKey key;
        try {
            key = DeterministicKey.deserializeB58(text, network.bitcoinj());
        } catch (RuntimeException e) {
            throw new InvalidPayoutException("not a valid extended public key: " + e.getMessage());
        }
        if (!key.isPubKeyOnly()) {
            throw new InvalidPayoutException("payout is a private extended key");
        }
        return new XpubPayout(text, network, key);
    }

    @Override
    public String text() {
        return text;
    }

    @Override
    public MarketNetwork network() {
        return network;
    }

    @Override
    public Address addressFor(int orderIndex) {
        if (orderIndex < 0) {
            throw new IllegalArgumentException("order index must be in [0, 2^31): " + orderIndex);
        }
        // DeterministicKey.derive(int) would derive a HARDENED child, impossible from a public key.
        DeterministicKey child = HDKeyDerivation.deriveChildKey(key, new ChildNumber(orderIndex, false));
        return child.toAddress(ScriptType.P2WPKH, network.bitcoinj());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof XpubPayout x && x.text.equals(text) && x.network == network;
    }

    @Override
    public int hashCode() {
        return text.hashCode() * 31 + network.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}

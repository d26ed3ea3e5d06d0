package io.grapevine.market.listing;

import io.grapevine.market.chain.MarketNetwork;
import org.bitcoinj.base.Address;
import org.bitcoinj.base.AddressParser;

/** One fixed address for every order (any standard type bitcoinj parses: P2PKH, P2SH, P2WPKH, P2WSH, P2TR). */
public final class AddressPayout implements Payout {
    private final String text;
    private final MarketNetwork network;
    private final Address address;

    private AddressPayout(String text, MarketNetwork network, Address address) {
        this.text = text;
        this.network = network;
        this.address = address;
    }

    static AddressPayout parse(String text, MarketNetwork network) {
        try {
            Address address = AddressParser.getDefault(network.bitcoinj()).parseAddress(text);
            return new AddressPayout(text, network, address);
        } catch (RuntimeException e) {
            throw new InvalidPayoutException("not an extended public key or a " + network.wireName()
                    + " address: " + e.getMessage());
        }
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
        return address;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressPayout a && a.text.equals(text) && a.network == network;
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

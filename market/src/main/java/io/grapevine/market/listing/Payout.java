package io.grapevine.market.listing;

import io.grapevine.market.chain.MarketNetwork;
import org.bitcoinj.base.Address;

/**
 * Where a listing's payments go: an extended public key from which each order gets its own address, or one fixed
 * address shared by all orders (then only the one-txid-one-order rule tells payments apart).
 */
public sealed interface Payout permits XpubPayout, AddressPayout {

    /** The text the seller gave, unchanged (a wallet round trip would change an xpub's serialization). */
    String text();

    MarketNetwork network();

    /** The address an order with this index pays to. {@code orderIndex} must be in [0, 2^31). */
    Address addressFor(int orderIndex);

    /**
     * Parses an xpub/zpub (mainnet) or tpub/vpub (testnet, signet, regtest), or a single address of the network.
     * Private extended keys are refused without echoing them.
     */
    static Payout parse(String text, MarketNetwork network) {
        if (text == null || text.isEmpty() || text.length() > 200) {
            throw new InvalidPayoutException("payout must be 1..200 characters");
        }
        String prefix = text.length() >= 4 ? text.substring(0, 4) : text;
        return switch (prefix) {
            case "xpub", "zpub", "tpub", "vpub" -> XpubPayout.parse(text, network);
            case "xprv", "zprv", "tprv", "vprv", "yprv", "uprv" ->
                    throw new InvalidPayoutException("payout is a PRIVATE extended key; give the public one (xpub)");
            default -> AddressPayout.parse(text, network);
        };
    }
}

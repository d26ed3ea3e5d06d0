package io.grapevine.market.testing;

import io.grapevine.market.chain.MarketNetwork;
import io.grapevine.market.listing.Listing;
import io.grapevine.market.listing.Payout;
import org.bitcoinj.crypto.DeterministicKey;
import org.bitcoinj.crypto.HDKeyDerivation;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Deterministic keys and listings for tests. */
public final class Fixtures {
    private Fixtures() {
    }

    /** The seller's HD wallet root (private); tests keep it to show derived addresses are spendable. */
    public static DeterministicKey sellerMaster() {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) 7);
        return HDKeyDerivation.createMasterPrivateKey(seed);
    }

    public static String sellerTpub() {
        return sellerMaster().serializePubB58(MarketNetwork.REGTEST.bitcoinj());
    }

    public static Listing listing(Payout payout, long priceSats) {
        return new Listing("bafkreigrapevinelistingtestcontent", "seller-key".getBytes(StandardCharsets.UTF_8),
                priceSats, payout, new byte[32]);
    }

    public static Listing regtestListing(long priceSats) {
        return listing(Payout.parse(sellerTpub(), MarketNetwork.REGTEST), priceSats);
    }

    public static byte[] buyer(String name) {
        return ("peer-" + name).getBytes(StandardCharsets.UTF_8);
    }
}

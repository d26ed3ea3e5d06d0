package io.grapevine.node.market;

import io.grapevine.market.codec.CanonicalWriter;
import io.grapevine.market.codec.Sha256;

/** The seal context of a content key handed to a reseller: binds the box to the listing and the reseller's key. */
final class Resale {
    private Resale() {
    }

    static byte[] sealContext(String listingId, byte[] resellerKey) {
        return Sha256.hash(new CanonicalWriter().string("grapevine/node/resale-seal/1").string(listingId)
                .bytes(resellerKey).toByteArray());
    }
}

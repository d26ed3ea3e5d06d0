package io.grapevine.node.market;

import io.grapevine.market.chain.MarketNetwork;
import io.grapevine.market.codec.CanonicalReader;
import io.grapevine.market.codec.CanonicalWriter;
import io.grapevine.market.codec.MalformedRecordException;
import io.grapevine.market.contentkey.ContentKey;
import io.grapevine.market.delegation.SignedDelegation;
import io.grapevine.market.listing.Listing;
import io.grapevine.market.listing.Payout;
import io.grapevine.node.content.ManifestLimits;
import java.util.Optional;

/**
 * What a seller (or a reseller) keeps for one paid listing: the listing, the content key (never leaves this node except
 * sealed in a license), the plaintext root manifest (given to buyers with their license), the payout its orders use
 * (the listing's for the seller, the reseller's own otherwise) and, for a reseller, the seller's delegation.
 */
public record PaidListing(Listing listing, ContentKey contentKey, byte[] plainManifest, Payout orderPayout,
                          Optional<SignedDelegation> delegation) {
    private static final String TAG = "grapevine/node/paid-listing/1";

    public PaidListing {
        if (!contentKey.matches(listing.contentKeyCommitment())) {
            throw new IllegalArgumentException("content key does not match the listing's commitment");
        }
        if (orderPayout.network() != listing.network()) {
            throw new IllegalArgumentException("order payout is on " + orderPayout.network() + ", listing on "
                    + listing.network());
        }
        plainManifest = plainManifest.clone();
    }

    public String listingId() {
        return listing.listingId();
    }

    @Override
    public byte[] plainManifest() {
        return plainManifest.clone();
    }

    public byte[] encode() {
        return new CanonicalWriter().string(TAG).string(listing.listingId()).bytes(listing.sellerKey())
                .i64(listing.priceSats()).string(listing.network().wireName()).string(listing.payout().text())
                .raw(contentKey.bytes()).bytes(plainManifest).string(orderPayout.text())
                .bytes(delegation.map(SignedDelegation::encode).orElse(new byte[0])).toByteArray();
    }

    public static PaidListing decode(byte[] data) throws MalformedRecordException {
        CanonicalReader r = new CanonicalReader(data);
        r.expectTag(TAG);
        try {
            String id = r.string(1, Listing.MAX_LISTING_ID_BYTES);
            byte[] seller = r.bytes(1, Listing.MAX_KEY_BYTES);
            long price = r.i64();
            MarketNetwork network = MarketNetwork.fromWireName(r.string(1, 32));
            Payout payout = Payout.parse(r.string(1, 256), network);
            ContentKey key = ContentKey.of(r.raw(ContentKey.LENGTH));
            byte[] plain = r.bytes(1, ManifestLimits.MAX_MANIFEST_BYTES);
            Payout orderPayout = Payout.parse(r.string(1, 256), network);
            byte[] delegation = r.bytes(0, SignedDelegation.MAX_ENCODED_BYTES);
            r.end();
            return new PaidListing(new Listing(id, seller, price, payout, key.commitment()), key, plain, orderPayout,
                    delegation.length == 0 ? Optional.empty() : Optional.of(SignedDelegation.decode(delegation)));
        } catch (IllegalArgumentException e) {
            throw new MalformedRecordException("bad paid listing: " + e.getMessage());
        }
    }
}

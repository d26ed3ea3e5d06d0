package io.grapevine.node.market;

import com.google.protobuf.ByteString;
import io.grapevine.market.codec.MalformedRecordException;
import io.grapevine.market.contentkey.ContentKey;
import io.grapevine.market.contentkey.ContentKeyException;
import io.grapevine.market.contentkey.KeySealer;
import io.grapevine.market.license.License;
import io.grapevine.market.license.LicenseRefusedException;
import io.grapevine.market.license.SignedLicense;
import io.grapevine.market.listing.Listing;
import io.grapevine.market.listing.Payout;
import io.grapevine.market.order.Order;
import io.grapevine.market.order.OrderId;
import io.grapevine.node.content.ContentIds;
import io.grapevine.node.content.InvalidContentException;
import io.grapevine.node.content.ManifestCodec;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.identity.PrivateKey;
import io.grapevine.node.market.proto.LicensePresentation;
import io.grapevine.node.market.proto.MarketRequest;
import io.grapevine.node.market.proto.MarketResponse;
import io.grapevine.node.market.proto.OrderRequest;
import io.grapevine.node.market.proto.PaymentSubmission;
import io.grapevine.node.p2p.host.Host;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The buyer's side: asks a seller (or reseller) for an order, submits the payment proof, checks and stores the
 * license (signature, bound to us, the key it seals opens with our identity and matches the listing's commitment),
 * and presents it to providers so they serve the ciphertext. Every check failing is a {@link MarketRefusedException}.
 */
public final class BuyerMarket {
    private final Host host;
    private final MarketLedger ledger;
    private final PrivateKey identity;
    private final Clock clock;

    public BuyerMarket(Host host, MarketLedger ledger, PrivateKey identity, Clock clock) {
        this.host = host;
        this.ledger = ledger;
        this.identity = identity;
        this.clock = clock;
    }

    public CompletableFuture<Purchase> order(PeerId issuer, String listingId) {
        MarketRequest request = MarketRequest.newBuilder()
                .setOrder(OrderRequest.newBuilder().setListingId(listingId)).build();
        return MarketClient.call(host, issuer, request).thenApply(response -> {
            try {
                Purchase purchase = checkOffer(response, issuer, listingId);
                ledger.putPurchase(purchase);
                return purchase;
            } catch (MarketRefusedException e) {
                throw new CompletionException(e);
            }
        });
    }

    private Purchase checkOffer(MarketResponse response, PeerId issuer, String listingId)
            throws MarketRefusedException {
        refused(response);
        if (!response.hasOrder()) {
            throw new MarketRefusedException("BAD_RESPONSE", "the seller did not answer with an order");
        }
        var offer = response.getOrder();
        try {
            Order order = Order.decode(offer.getOrder().toByteArray());
            if (!order.listingId().equals(listingId)) {
                throw new MarketRefusedException("BAD_RESPONSE", "order is for listing " + order.listingId());
            }
            if (!Arrays.equals(order.buyerPeerId(), host.peerId().toBytes())) {
                throw new MarketRefusedException("BAD_RESPONSE", "order is bound to another buyer");
            }
            Listing listing = new Listing(listingId, offer.getSellerKey().toByteArray(), offer.getPriceSats(),
                    Payout.parse(offer.getSellerPayout(), order.network()),
                    offer.getContentKeyCommitment().toByteArray());
            if (order.amountSats() != listing.priceSats()) {
                throw new MarketRefusedException("BAD_RESPONSE", "order amount " + order.amountSats()
                        + " differs from the price " + listing.priceSats());
            }
            return new Purchase(order, issuer, listing);
        } catch (MalformedRecordException | IllegalArgumentException e) {
            throw new MarketRefusedException("BAD_RESPONSE", "malformed order: " + e.getMessage());
        }
    }

    /** Submits the paying transaction and its gettxoutproof; completes with the checked, stored license. */
    public CompletableFuture<HeldLicense> pay(OrderId orderId, byte[] rawTx, byte[] proof) {
        Purchase purchase = ledger.purchase(orderId).orElse(null);
        if (purchase == null) {
            return CompletableFuture.failedFuture(new MarketRefusedException("UNKNOWN_ORDER",
                    "no purchase " + orderId.hex() + " on this node"));
        }
        MarketRequest request = MarketRequest.newBuilder().setPayment(PaymentSubmission.newBuilder()
                .setOrderId(ByteString.copyFrom(orderId.bytes())).setRawTx(ByteString.copyFrom(rawTx))
                .setProof(ByteString.copyFrom(proof))).build();
        return MarketClient.call(host, purchase.issuer(), request).thenApply(response -> {
            try {
                refused(response);
                if (!response.hasLicense()) {
                    throw new MarketRefusedException("BAD_RESPONSE", "the seller did not answer with a license");
                }
                HeldLicense held = accept(purchase, response.getLicense().getLicense().toByteArray(),
                        response.getLicense().getPlainManifest().toByteArray());
                ledger.putHeld(held);
                return held;
            } catch (MarketRefusedException e) {
                throw new CompletionException(e);
            }
        });
    }

    /** Checks a license received for {@code purchase}: the checks a provider will make, and that the key opens. */
    HeldLicense accept(Purchase purchase, byte[] encoded, byte[] plainManifest) throws MarketRefusedException {
        try {
            SignedLicense signed = SignedLicense.decode(encoded);
            License license = signed.verify(IdentityKeys.VERIFIER, host.peerId().toBytes(),
                    purchase.listing().listingId(), purchase.listing().sellerKey(), clock.instant());
            if (!license.orderId().equals(purchase.order().orderId())) {
                throw new MarketRefusedException("BAD_RESPONSE", "license is for another order");
            }
            HeldLicense held = new HeldLicense(signed, plainManifest, purchase.listing().contentKeyCommitment());
            contentKey(held);
            ManifestCodec.decodeRoot(ContentIds.manifestId(plainManifest), plainManifest);
            return held;
        } catch (MalformedRecordException e) {
            throw new MarketRefusedException("MALFORMED_LICENSE", e.getMessage());
        } catch (LicenseRefusedException e) {
            throw new MarketRefusedException(e.reason().name(), e.getMessage());
        } catch (InvalidContentException e) {
            throw new MarketRefusedException("BAD_RESPONSE", "bad plaintext manifest: " + e.getMessage());
        }
    }

    /** Opens the license's sealed key with our identity and checks it against the listing's commitment. */
    public ContentKey contentKey(HeldLicense held) throws MarketRefusedException {
        License l = held.license().license();
        try {
            ContentKey key = KeySealer.open(l.sealedContentKey(), IdentityKeys.x25519Private(identity),
                    l.sealContext());
            if (!key.matches(held.contentKeyCommitment())) {
                throw new MarketRefusedException("WRONG_KEY", "the sealed key is not the listing's content key");
            }
            return key;
        } catch (ContentKeyException e) {
            throw new MarketRefusedException("WRONG_KEY", "cannot open the sealed content key: " + e.getMessage());
        }
    }

    /**
     * As a reseller: asks the seller (proved by Noise) for a listing it delegated to us, checks the delegation (signed
     * by that seller, naming our key, covering the listing, valid now) and the key against the commitment, and keeps a
     * {@link PaidListing} whose orders pay {@code ownPayout}. The ciphertext is fetched separately (the seller's gate
     * admits delegated resellers).
     */
    public CompletableFuture<PaidListing> resell(PeerId seller, String listingId, Payout ownPayout) {
        MarketRequest request = MarketRequest.newBuilder()
                .setResale(io.grapevine.node.market.proto.ResaleRequest.newBuilder().setListingId(listingId)).build();
        return MarketClient.call(host, seller, request).thenApply(response -> {
            try {
                refused(response);
                if (!response.hasResale()) {
                    throw new MarketRefusedException("BAD_RESPONSE", "the seller did not answer with a resale grant");
                }
                var grant = response.getResale();
                byte[] sellerKey = seller.extractPublicKey().orElseThrow(() -> new MarketRefusedException(
                        "UNSUPPORTED_KEY", "the seller's peer id does not embed its key")).marshal();
                byte[] ourKey = identity.publicKey().marshal();
                var delegation = io.grapevine.market.delegation.SignedDelegation.decode(
                        grant.getDelegation().toByteArray());
                delegation.verify(IdentityKeys.VERIFIER, sellerKey, ourKey, listingId, clock.instant());
                ContentKey key = KeySealer.open(grant.getSealedKey().toByteArray(), IdentityKeys.x25519Private(identity),
                        Resale.sealContext(listingId, ourKey));
                Listing listing = new Listing(listingId, sellerKey, grant.getPriceSats(),
                        Payout.parse(grant.getSellerPayout(), ownPayout.network()),
                        grant.getContentKeyCommitment().toByteArray());
                if (!key.matches(listing.contentKeyCommitment())) {
                    throw new MarketRefusedException("WRONG_KEY", "the sealed key is not the listing's content key");
                }
                byte[] plain = grant.getPlainManifest().toByteArray();
                ManifestCodec.decodeRoot(ContentIds.manifestId(plain), plain);
                PaidListing paid = new PaidListing(listing, key, plain, ownPayout, java.util.Optional.of(delegation));
                ledger.putListing(paid);
                return paid;
            } catch (MarketRefusedException e) {
                throw new CompletionException(e);
            } catch (io.grapevine.market.delegation.DelegationRefusedException e) {
                throw new CompletionException(new MarketRefusedException("DELEGATION_" + e.reason().name(),
                        e.getMessage()));
            } catch (MalformedRecordException | ContentKeyException | InvalidContentException
                     | IllegalArgumentException e) {
                throw new CompletionException(new MarketRefusedException("BAD_RESPONSE", e.getMessage()));
            }
        });
    }

    /** Shows our license for the listing to a provider, which then serves us its ciphertext chunks. */
    public CompletableFuture<Void> present(PeerId provider, String listingId) {
        HeldLicense held = ledger.held(listingId).orElse(null);
        if (held == null) {
            return CompletableFuture.failedFuture(new MarketRefusedException("NO_LICENSE",
                    "this node holds no license for " + listingId));
        }
        MarketRequest request = MarketRequest.newBuilder().setLicense(LicensePresentation.newBuilder()
                .setLicense(ByteString.copyFrom(held.license().encode()))).build();
        return MarketClient.call(host, provider, request).thenApply(response -> {
            try {
                refused(response);
                if (!response.hasAccepted()) {
                    throw new MarketRefusedException("BAD_RESPONSE", "the provider did not accept the license");
                }
                return null;
            } catch (MarketRefusedException e) {
                throw new CompletionException(e);
            }
        });
    }

    private static void refused(MarketResponse response) throws MarketRefusedException {
        if (response.hasRefusal()) {
            throw new MarketRefusedException(response.getRefusal().getCode(), response.getRefusal().getMessage());
        }
    }
}

package io.grapevine.node.market;

import com.google.protobuf.ByteString;
import io.grapevine.market.codec.MalformedRecordException;
import io.grapevine.market.contentkey.ContentKeyException;
import io.grapevine.market.delegation.DelegationRefusedException;
import io.grapevine.market.license.License;
import io.grapevine.market.license.LicenseIssuer;
import io.grapevine.market.license.LicenseRefusedException;
import io.grapevine.market.license.SignedLicense;
import io.grapevine.market.order.Order;
import io.grapevine.market.order.OrderId;
import io.grapevine.market.payment.PaymentVerifier;
import io.grapevine.market.payment.Verdict;
import io.grapevine.market.signature.Signer;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.identity.PublicKey;
import io.grapevine.node.market.proto.LicenseGrant;
import io.grapevine.node.market.proto.MarketRequest;
import io.grapevine.node.market.proto.MarketResponse;
import io.grapevine.node.market.proto.OrderOffer;
import io.grapevine.node.market.proto.ResaleGrant;
import io.grapevine.market.contentkey.KeySealer;
import io.grapevine.market.delegation.Delegation;
import io.grapevine.market.delegation.SignedDelegation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * The seller's (or reseller's) side of the market: makes orders for its paid listings, judges payment proofs with
 * the market module's {@link PaymentVerifier} against its header chain, issues licenses (content key sealed to the
 * buyer's identity), and admits peers presenting a valid license to the chunk gate. Refusals carry precise codes.
 */
public final class SellerMarket {
    /** How long a buyer has to pay; the verifier adds its settlement window for confirmations. */
    public static final Duration ORDER_TTL = Duration.ofHours(2);

    private final MarketLedger ledger;
    private final PaymentVerifier verifier;
    private final Signer signer;
    private final LicenseGate gate;
    private final Clock clock;
    private final ScannedPayments scanned = new ScannedPayments();

    public SellerMarket(MarketLedger ledger, PaymentVerifier verifier, Signer signer, LicenseGate gate, Clock clock) {
        this.ledger = ledger;
        this.verifier = verifier;
        this.signer = signer;
        this.gate = gate;
        this.clock = clock;
    }

    /** Answers {@code /grapevine/market/1} on {@code host}; requests are judged on {@code worker}. */
    public void register(io.grapevine.node.p2p.host.Host host, java.util.concurrent.Executor worker) {
        host.setStreamHandler(MarketProtocol.PROTOCOL_ID, stream -> MarketResponder.install(stream, this, worker));
    }

    /** A new order for the listing, bound to the buyer the connection proved, paying to a fresh address. */
    public Order createOrder(String listingId, PeerId buyer) throws MarketRefusedException {
        PaidListing paid = ledger.listing(listingId).orElseThrow(() -> new MarketRefusedException("UNKNOWN_LISTING",
                "this node sells no listing " + listingId));
        Order order = Order.create(paid.listing(), paid.orderPayout(), buyer.toBytes(), ledger.nextAddressIndex(),
                clock.instant(), ORDER_TTL);
        ledger.putOrder(order);
        return order;
    }

    /** Payments this node found by scanning blocks, used when a buyer asks for its license without a proof. */
    public ScannedPayments scanned() {
        return scanned;
    }

    /** Orders still waiting for a payment (not licensed, not past expiry plus a day to confirm): to scan blocks for. */
    public java.util.List<Order> openOrders() {
        Instant horizon = clock.instant().minus(Duration.ofDays(1));
        return ledger.orders().stream().filter(o -> !o.expiresAt().isBefore(horizon))
                .filter(o -> ledger.issued(o.orderId()).isEmpty()).toList();
    }

    /** Told the outcome of every payment judged: "verified" or the refusal reason in lower case (for metrics). */
    public interface PaymentListener {
        void judged(String outcome);
    }

    private volatile PaymentListener paymentListener = outcome -> { };

    public void onPaymentJudged(PaymentListener listener) {
        this.paymentListener = listener;
    }

    /**
     * Judges a payment for an order and, when accepted, issues (or returns the already issued) license. Only the
     * order's buyer may submit: the license is sealed to the presenter's key. An empty transaction and proof ask us
     * to use a payment we found ourselves by scanning blocks ({@link ScannedPayments}), judged the same way.
     */
    public SignedLicense acceptPayment(OrderId orderId, byte[] rawTx, byte[] proof, PeerId presenter,
                                       PublicKey presenterKey) throws MarketRefusedException {
        Order order = ledger.order(orderId).orElseThrow(() -> new MarketRefusedException("UNKNOWN_ORDER",
                "no order " + orderId.hex() + " on this node"));
        if (!Arrays.equals(order.buyerPeerId(), presenter.toBytes())) {
            throw new MarketRefusedException("NOT_YOUR_ORDER", "order " + orderId.hex() + " belongs to another peer");
        }
        var existing = ledger.issued(orderId);
        if (existing.isPresent()) {
            return existing.get();
        }
        PaidListing paid = ledger.listing(order.listingId()).orElseThrow(() -> new MarketRefusedException(
                "UNKNOWN_LISTING", "listing " + order.listingId() + " is no longer sold here"));
        byte[] buyerX25519 = IdentityKeys.x25519Public(presenterKey);
        Instant now = clock.instant();
        Verdict verdict = rawTx.length == 0 && proof.length == 0 ? judgeScanned(order, now)
                : verifier.verify(order, rawTx, proof, now);
        paymentListener.judged(verdict.accepted() ? "verified" : verdict.reason().name().toLowerCase(java.util.Locale.ROOT));
        if (!verdict.accepted()) {
            throw new MarketRefusedException(verdict.reason().name(), verdict.message());
        }
        try {
            SignedLicense license = new LicenseIssuer(signer, IdentityKeys.VERIFIER, paid.delegation())
                    .issue(paid.listing(), order, verdict, paid.contentKey(), buyerX25519, now, License.NEVER);
            ledger.putIssued(license);
            scanned.settled(orderId);
            return license;
        } catch (DelegationRefusedException e) {
            throw new MarketRefusedException("DELEGATION_" + e.reason().name(), e.getMessage());
        } catch (ContentKeyException e) {
            throw new MarketRefusedException("UNSUPPORTED_KEY", e.getMessage());
        }
    }

    /** The first scanned hit the verifier accepts, else the newest hit's refusal (or NOT_FOUND if none). */
    private Verdict judgeScanned(Order order, Instant now) throws MarketRefusedException {
        var hits = scanned.of(order.orderId());
        if (hits.isEmpty()) {
            throw new MarketRefusedException("PAYMENT_NOT_FOUND", "no payment to " + order.payToAddress()
                    + " found in the blocks scanned so far; send the transaction and its proof instead");
        }
        Verdict first = null;
        for (var hit : hits) {
            Verdict v = verifier.verify(order, hit.rawTx(), hit.proof(), now);
            if (v.accepted()) {
                return v;
            }
            first = first == null ? v : first;
        }
        return first;
    }

    /** Verifies a license presented by {@code presenter} for one of our listings and opens the chunk gate to it. */
    public License admit(byte[] encodedLicense, PeerId presenter) throws MarketRefusedException {
        SignedLicense signed;
        try {
            signed = SignedLicense.decode(encodedLicense);
        } catch (MalformedRecordException e) {
            throw new MarketRefusedException("MALFORMED_LICENSE", e.getMessage());
        }
        String listingId = signed.license().listingId();
        PaidListing paid = ledger.listing(listingId).orElseThrow(() -> new MarketRefusedException("UNKNOWN_LISTING",
                "this node serves no paid listing " + listingId));
        try {
            License license = signed.verify(IdentityKeys.VERIFIER, presenter.toBytes(), listingId,
                    paid.listing().sellerKey(), clock.instant());
            gate.admit(listingId, presenter, license.expiresAt());
            return license;
        } catch (LicenseRefusedException e) {
            String code = e.delegationReason() == null ? e.reason().name()
                    : e.reason().name() + "_" + e.delegationReason().name();
            throw new MarketRefusedException(code, e.getMessage());
        }
    }

    /**
     * Signs a delegation letting {@code reseller} sell {@code listingIds} (ours) until {@code expiresAt}; the reseller
     * then asks for the key over the protocol. Only Ed25519 (inline-key) peer ids can be named.
     */
    public SignedDelegation delegate(PeerId reseller, java.util.List<String> listingIds, int commissionBasisPoints,
                                     Instant expiresAt) throws MarketRefusedException {
        for (String id : listingIds) {
            PaidListing paid = ledger.listing(id).orElseThrow(() -> new MarketRefusedException("UNKNOWN_LISTING",
                    "this node sells no listing " + id));
            if (paid.delegation().isPresent()) {
                throw new MarketRefusedException("NOT_SELLER", "listing " + id + " is resold here, not ours");
            }
        }
        PublicKey key = reseller.extractPublicKey().orElseThrow(() -> new MarketRefusedException("UNSUPPORTED_KEY",
                "the reseller's peer id does not embed its key"));
        SignedDelegation d;
        try {
            d = SignedDelegation.sign(new Delegation(signer.publicKey(), key.marshal(),
                    listingIds.stream().distinct().sorted().toList(), commissionBasisPoints, clock.instant(),
                    expiresAt), signer);
        } catch (IllegalArgumentException e) {
            throw new MarketRefusedException("BAD_REQUEST", e.getMessage());
        }
        ledger.putDelegation(reseller, d);
        return d;
    }

    /** What a delegated reseller needs to sell one listing: the delegation and the key sealed to it. */
    ResaleGrant resale(String listingId, PeerId peer, PublicKey peerKey) throws MarketRefusedException {
        PaidListing paid = ledger.listing(listingId).filter(l -> l.delegation().isEmpty()).orElseThrow(() ->
                new MarketRefusedException("UNKNOWN_LISTING", "this node is not the seller of " + listingId));
        SignedDelegation d = ledger.delegation(peer).orElseThrow(() -> new MarketRefusedException("NOT_DELEGATED",
                "no delegation for " + peer));
        try {
            d.verify(IdentityKeys.VERIFIER, paid.listing().sellerKey(), peerKey.marshal(), listingId, clock.instant());
            byte[] sealed = KeySealer.seal(paid.contentKey(), IdentityKeys.x25519Public(peerKey),
                    Resale.sealContext(listingId, peerKey.marshal()));
            return ResaleGrant.newBuilder().setDelegation(ByteString.copyFrom(d.encode()))
                    .setSealedKey(ByteString.copyFrom(sealed))
                    .setPlainManifest(ByteString.copyFrom(paid.plainManifest()))
                    .setSellerPayout(paid.listing().payout().text()).setPriceSats(paid.listing().priceSats())
                    .setContentKeyCommitment(ByteString.copyFrom(paid.listing().contentKeyCommitment())).build();
        } catch (DelegationRefusedException e) {
            throw new MarketRefusedException("DELEGATION_" + e.reason().name(), e.getMessage());
        } catch (ContentKeyException e) {
            throw new MarketRefusedException("UNSUPPORTED_KEY", e.getMessage());
        }
    }

    /** One protocol request from {@code peer} (proved by Noise) to one response; never throws on bad input. */
    MarketResponse handle(MarketRequest request, PeerId peer, PublicKey peerKey) {
        try {
            return switch (request.getKindCase()) {
                case ORDER -> offer(createOrder(request.getOrder().getListingId(), peer));
                case PAYMENT -> {
                    var p = request.getPayment();
                    if (p.getOrderId().size() != OrderId.LENGTH) {
                        throw new MarketRefusedException("BAD_REQUEST", "order id must be 16 bytes");
                    }
                    SignedLicense license = acceptPayment(OrderId.of(p.getOrderId().toByteArray()),
                            p.getRawTx().toByteArray(), p.getProof().toByteArray(), peer, peerKey);
                    PaidListing paid = ledger.listing(license.license().listingId()).orElseThrow();
                    yield MarketResponse.newBuilder().setLicense(LicenseGrant.newBuilder()
                            .setLicense(ByteString.copyFrom(license.encode()))
                            .setPlainManifest(ByteString.copyFrom(paid.plainManifest()))).build();
                }
                case LICENSE -> {
                    admit(request.getLicense().getLicense().toByteArray(), peer);
                    yield MarketResponse.newBuilder().setAccepted(
                            io.grapevine.node.market.proto.Accepted.getDefaultInstance()).build();
                }
                case RESALE -> MarketResponse.newBuilder()
                        .setResale(resale(request.getResale().getListingId(), peer, peerKey)).build();
                default -> throw new MarketRefusedException("BAD_REQUEST", "request without a kind");
            };
        } catch (MarketRefusedException e) {
            return MarketResponder.refusal(e.code(), e.getMessage());
        }
    }

    private MarketResponse offer(Order order) {
        PaidListing paid = ledger.listing(order.listingId()).orElseThrow();
        return MarketResponse.newBuilder().setOrder(OrderOffer.newBuilder()
                .setOrder(ByteString.copyFrom(order.encode()))
                .setPaymentUri(order.paymentUri("grapevine " + order.listingId()))
                .setSellerKey(ByteString.copyFrom(paid.listing().sellerKey()))
                .setSellerPayout(paid.listing().payout().text())
                .setContentKeyCommitment(ByteString.copyFrom(paid.listing().contentKeyCommitment()))
                .setPriceSats(paid.listing().priceSats())).build();
    }
}

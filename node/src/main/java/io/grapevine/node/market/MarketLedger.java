package io.grapevine.node.market;

import io.grapevine.market.codec.MalformedRecordException;
import io.grapevine.market.license.SignedLicense;
import io.grapevine.market.order.Order;
import io.grapevine.market.order.OrderId;
import io.grapevine.market.payment.UsedPayments;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.storage.MarketStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The market's records in RocksDB (the {@code market} column family). Keys: a kind byte then the id. Seller side:
 * {@code L} listing, {@code O} order, {@code T} txid -> order (one payment, one order), {@code I} issued license by
 * order, {@code G} listing 0x00 buyer -> order (the chunk gate's index), {@code N} next address index. Buyer side:
 * {@code B} purchase by order, {@code H} held license by listing. A damaged record reads as absent and is logged.
 */
public final class MarketLedger implements UsedPayments {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MarketLedger.class);
    private static final int MAX_LIST = 10_000;

    private final MarketStore store;
    /** Ids of the listings we sell, in memory: the chunk gate asks for every request, free content included. */
    private final java.util.Set<String> listingIds = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public MarketLedger(MarketStore store) {
        this.store = store;
        for (PaidListing l : listings()) {
            listingIds.add(l.listingId());
        }
    }

    /** Whether this node sells (or resells) the listing; no disk read. */
    public boolean sells(String listingId) {
        return listingIds.contains(listingId);
    }

    private static byte[] key(char kind, byte[] id) {
        return ByteBuffer.allocate(1 + id.length).put((byte) kind).put(id).array();
    }

    private static byte[] key(char kind, String id) {
        return key(kind, id.getBytes(StandardCharsets.UTF_8));
    }

    // --- seller side ---

    public void putListing(PaidListing listing) {
        store.put(key('L', listing.listingId()), listing.encode());
        listingIds.add(listing.listingId());
    }

    public Optional<PaidListing> listing(String listingId) {
        return decode(store.get(key('L', listingId)), PaidListing::decode, "listing " + listingId);
    }

    public List<PaidListing> listings() {
        return all('L', PaidListing::decode);
    }

    /** Allocates the next order address index; never reused, even across restarts. */
    public synchronized int nextAddressIndex() {
        byte[] k = {(byte) 'N'};
        byte[] held = store.get(k);
        int next = held == null ? 0 : ByteBuffer.wrap(held).getInt();
        if (next < 0) {
            throw new IllegalStateException("order address indexes exhausted (2^31)");
        }
        store.put(k, ByteBuffer.allocate(4).putInt(next + 1).array());
        return next;
    }

    public void putOrder(Order order) {
        store.put(key('O', order.orderId().bytes()), order.encode());
    }

    public Optional<Order> order(OrderId id) {
        return decode(store.get(key('O', id.bytes())), Order::decode, "order " + id);
    }

    public List<Order> orders() {
        return all('O', Order::decode);
    }

    @Override
    public OrderId claim(String txid, OrderId orderId) {
        return OrderId.of(store.putIfAbsent(key('T', txid), orderId.bytes()));
    }

    public void putIssued(SignedLicense license) {
        var l = license.license();
        store.put(key('I', l.orderId().bytes()), license.encode());
        store.put(grantKey(l.listingId(), l.buyerPeerId()), l.orderId().bytes());
    }

    public Optional<SignedLicense> issued(OrderId id) {
        return decode(store.get(key('I', id.bytes())), SignedLicense::decode, "license " + id);
    }

    public List<SignedLicense> issuedLicenses() {
        return all('I', SignedLicense::decode);
    }

    /** Whether this node issued a license for the listing to that peer. */
    public boolean granted(String listingId, PeerId buyer) {
        return store.get(grantKey(listingId, buyer.toBytes())) != null;
    }

    private static byte[] grantKey(String listingId, byte[] buyer) {
        byte[] id = listingId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 + id.length + buyer.length).put((byte) 'G').put(id).put((byte) 0).put(buyer)
                .array();
    }

    /** The delegation this node (as seller) gave a reseller, keyed by the reseller's peer id; the latest wins. */
    public void putDelegation(PeerId reseller, io.grapevine.market.delegation.SignedDelegation delegation) {
        store.put(key('D', reseller.toBytes()), delegation.encode());
    }

    public Optional<io.grapevine.market.delegation.SignedDelegation> delegation(PeerId reseller) {
        return decode(store.get(key('D', reseller.toBytes())), io.grapevine.market.delegation.SignedDelegation::decode,
                "delegation " + reseller);
    }

    public List<io.grapevine.market.delegation.SignedDelegation> delegations() {
        return all('D', io.grapevine.market.delegation.SignedDelegation::decode);
    }

    // --- buyer side ---

    public void putPurchase(Purchase purchase) {
        store.put(key('B', purchase.order().orderId().bytes()), purchase.encode());
    }

    public Optional<Purchase> purchase(OrderId id) {
        return decode(store.get(key('B', id.bytes())), Purchase::decode, "purchase " + id);
    }

    public List<Purchase> purchases() {
        return all('B', Purchase::decode);
    }

    public void putHeld(HeldLicense held) {
        store.put(key('H', held.license().license().listingId()), held.encode());
    }

    public Optional<HeldLicense> held(String listingId) {
        return decode(store.get(key('H', listingId)), HeldLicense::decode, "held license " + listingId);
    }

    public List<HeldLicense> heldLicenses() {
        return all('H', HeldLicense::decode);
    }

    @FunctionalInterface
    private interface Decoder<T> {
        T decode(byte[] bytes) throws MalformedRecordException;
    }

    private static <T> Optional<T> decode(byte[] bytes, Decoder<T> decoder, String what) {
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(decoder.decode(bytes));
        } catch (MalformedRecordException | RuntimeException e) {
            LOG.warn("damaged market record ({}): {}", what, e.getMessage());
            return Optional.empty();
        }
    }

    private <T> List<T> all(char kind, Decoder<T> decoder) {
        List<T> out = new ArrayList<>();
        for (var e : store.scan(new byte[] {(byte) kind}, MAX_LIST).entrySet()) {
            decode(e.getValue(), decoder, kind + " record").ifPresent(out::add);
        }
        return out;
    }
}

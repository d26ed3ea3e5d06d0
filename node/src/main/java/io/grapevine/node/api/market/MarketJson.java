package io.grapevine.node.api.market;

import io.grapevine.market.license.License;
import io.grapevine.market.license.SignedLicense;
import io.grapevine.market.order.Order;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.market.PaidListing;
import io.grapevine.node.market.Purchase;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON shapes of listings, orders and licenses (docs/api.md, "Market"). */
final class MarketJson {
    private MarketJson() {
    }

    static Map<String, Object> listing(PaidListing l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("listingId", l.listingId());
        m.put("priceSats", l.listing().priceSats());
        m.put("payout", l.listing().payout().text());
        m.put("network", l.listing().network().wireName());
        m.put("resale", l.delegation().isPresent());
        return m;
    }

    static Map<String, Object> order(Order o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("orderId", o.orderId().hex());
        m.put("listingId", o.listingId());
        m.put("buyer", peer(o.buyerPeerId()));
        m.put("amountSats", o.amountSats());
        m.put("network", o.network().wireName());
        m.put("address", o.address().toString());
        m.put("createdAt", o.createdAt().toString());
        m.put("expiresAt", o.expiresAt().toString());
        m.put("paymentUri", o.paymentUri("grapevine"));
        return m;
    }

    static Map<String, Object> purchase(Purchase p) {
        Map<String, Object> m = order(p.order());
        m.put("seller", p.issuer().toBase58());
        m.put("priceSats", p.listing().priceSats());
        return m;
    }

    static Map<String, Object> license(SignedLicense s) {
        License l = s.license();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("listingId", l.listingId());
        m.put("orderId", l.orderId().hex());
        m.put("buyer", peer(l.buyerPeerId()));
        m.put("txid", l.txidHex());
        m.put("paidSats", l.paidSats());
        m.put("issuedAt", l.issuedAt().toString());
        m.put("resold", l.delegation().isPresent());
        m.put("license", HexFormat.of().formatHex(s.encode()));
        return m;
    }

    static Map<String, Object> delegation(io.grapevine.market.delegation.SignedDelegation s) {
        var d = s.delegation();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reseller", HexFormat.of().formatHex(d.resellerKey()));
        m.put("listingIds", d.listingIds());
        m.put("commissionBasisPoints", d.commissionBasisPoints());
        m.put("issuedAt", d.issuedAt().toString());
        m.put("expiresAt", d.expiresAt().toString());
        return m;
    }

    private static String peer(byte[] id) {
        try {
            return PeerId.fromBytes(id).toBase58();
        } catch (RuntimeException e) {
            return HexFormat.of().formatHex(id);
        }
    }
}

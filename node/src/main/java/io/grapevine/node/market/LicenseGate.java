package io.grapevine.node.market;

import io.grapevine.node.identity.PeerId;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.transfer.ChunkAccessPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serves a paid listing's chunks only to license holders: peers this node issued a license to (recorded in the
 * ledger), and peers that presented a valid license over {@code /grapevine/market/1} (kept in memory, bounded, until the
 * license expires), and resellers holding our delegation for the listing. Content that is not one of our paid
 * listings is open.
 */
public final class LicenseGate implements ChunkAccessPolicy {
    private static final int MAX_PRESENTED = 10_000;

    private final MarketLedger ledger;
    private final Clock clock;
    private final Map<String, Instant> presented = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > MAX_PRESENTED;
        }
    };

    public LicenseGate(MarketLedger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    @Override
    public boolean allows(PeerId peer, Cid contentId) {
        String listingId = contentId.toString();
        if (!ledger.sells(listingId)) {
            return true;
        }
        synchronized (presented) {
            Instant until = presented.get(listingId + "/" + peer.toBase58());
            if (until != null && !clock.instant().isAfter(until)) {
                return true;
            }
        }
        if (ledger.granted(listingId, peer)) {
            return true;
        }
        // A reseller we delegated this listing to fetches the ciphertext it will serve.
        return ledger.delegation(peer).map(d -> d.delegation().listingIds().contains(listingId)
                && !clock.instant().isAfter(d.delegation().expiresAt())).orElse(false);
    }

    /** Records a license the peer presented and this node verified (see {@link SellerMarket}). */
    void admit(String listingId, PeerId peer, Instant until) {
        synchronized (presented) {
            presented.put(listingId + "/" + peer.toBase58(), until);
        }
    }
}

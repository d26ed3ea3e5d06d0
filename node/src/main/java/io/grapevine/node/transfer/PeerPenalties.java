package io.grapevine.node.transfer;

import io.grapevine.node.identity.PeerId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Strikes against peers that sent bad chunks, unrequested chunks or broken responses. The download manager decides
 * what a number of strikes means (ban); this only counts, for a bounded number of peers.
 */
public final class PeerPenalties {
    private static final Logger LOG = LoggerFactory.getLogger(PeerPenalties.class);
    private static final int MAX_PEERS = 10_000;

    private final Map<PeerId, Integer> strikes = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PeerId, Integer> eldest) {
            return size() > MAX_PEERS;
        }
    };

    public synchronized void penalize(PeerId peer, String reason) {
        int n = strikes.merge(peer, 1, Integer::sum);
        LOG.info("peer {} penalized ({} strikes): {}", peer, n, reason);
    }

    public synchronized int strikes(PeerId peer) {
        return strikes.getOrDefault(peer, 0);
    }
}

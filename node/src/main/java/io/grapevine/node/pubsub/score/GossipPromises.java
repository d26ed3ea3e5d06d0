package io.grapevine.node.pubsub.score;

import com.google.protobuf.ByteString;
import io.grapevine.node.identity.PeerId;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * IWANT promises (gossipsub v1.1): when we ask a peer for messages it advertised, we expect one of them within the
 * follow-up time. Like go-libp2p we track one id per IWANT, so a peer is penalized once per IWANT it leaves unanswered,
 * not once per id. Bounded: at most {@code maxPromises} open promises; more are not tracked.
 */
public final class GossipPromises {
    private final long followUpMillis;
    private final int maxPromises;
    /** message id -> (peer -> deadline) */
    private final LinkedHashMap<ByteString, Map<PeerId, Long>> promises = new LinkedHashMap<>();
    private int open;

    public GossipPromises(long followUpMillis, int maxPromises) {
        this.followUpMillis = followUpMillis;
        this.maxPromises = maxPromises;
    }

    /** We sent {@code peer} an IWANT for {@code ids}; track the first. */
    public void promised(PeerId peer, List<ByteString> ids, long now) {
        if (ids.isEmpty() || open >= maxPromises) {
            return;
        }
        if (promises.computeIfAbsent(ids.getFirst(), k -> new HashMap<>()).putIfAbsent(peer, now + followUpMillis)
                == null) {
            open++;
        }
    }

    /** A message arrived (valid or not): whoever promised it kept the promise (the invalid ones pay through P4). */
    public void delivered(ByteString id) {
        Map<PeerId, Long> byPeer = promises.remove(id);
        if (byPeer != null) {
            open -= byPeer.size();
        }
    }

    /** Removes promises past their deadline and returns how many each peer broke. */
    public Map<PeerId, Integer> broken(long now) {
        Map<PeerId, Integer> out = new HashMap<>();
        for (Iterator<Map<PeerId, Long>> it = promises.values().iterator(); it.hasNext(); ) {
            Map<PeerId, Long> byPeer = it.next();
            for (Iterator<Map.Entry<PeerId, Long>> p = byPeer.entrySet().iterator(); p.hasNext(); ) {
                Map.Entry<PeerId, Long> e = p.next();
                if (e.getValue() <= now) {
                    out.merge(e.getKey(), 1, Integer::sum);
                    p.remove();
                    open--;
                }
            }
            if (byPeer.isEmpty()) {
                it.remove();
            }
        }
        return out;
    }

    public int size() {
        return open;
    }
}

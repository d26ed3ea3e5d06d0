package io.grapevine.node.announce;

import io.grapevine.node.identity.PeerId;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.p2p.host.PeerInfo;
import io.grapevine.node.p2p.host.PeerStore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Peers known to provide a content id, learned from announcements: the publisher of the held announcement, plus
 * other publishers of the same content id seen on gossip (kept in memory, bounded). Addresses: those the host's peer
 * store holds at lookup time (what identify learned most recently), then those the publisher put in its announcement.
 */
public final class ProviderDirectory {
    static final int MAX_CONTENT_IDS = 100_000;
    static final int MAX_PER_CONTENT = 16;

    /** A provider and where to reach it (may be empty when the peer store knows no address yet). */
    public record Provider(PeerId peerId, List<Multiaddr> addresses) {}

    private final PeerStore peerStore;
    private final java.util.function.Function<Cid, Optional<Provider>> publisherOf;
    private final Map<Cid, Set<PeerId>> extra = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Cid, Set<PeerId>> eldest) {
            return size() > MAX_CONTENT_IDS;
        }
    };

    /** {@code publisherOf} answers the publisher of the held announcement of a content id, with its announced addresses. */
    public ProviderDirectory(PeerStore peerStore, java.util.function.Function<Cid, Optional<Provider>> publisherOf) {
        this.peerStore = peerStore;
        this.publisherOf = publisherOf;
    }

    /** Records that {@code peer} announced {@code contentId}. */
    public synchronized void add(Cid contentId, PeerId peer) {
        Set<PeerId> peers = extra.computeIfAbsent(contentId, k -> new LinkedHashSet<>());
        if (peers.size() < MAX_PER_CONTENT) peers.add(peer);
    }

    public synchronized void remove(Cid contentId) {
        extra.remove(contentId);
    }

    public List<PeerId> providerIds(Cid contentId) {
        return providers(contentId).stream().map(Provider::peerId).toList();
    }

    /** Every known address of every provider, each ending in /p2p/&lt;peer-id&gt;: what a download dials. */
    public List<Multiaddr> dialableAddresses(Cid contentId) {
        List<Multiaddr> out = new ArrayList<>();
        for (Provider p : providers(contentId)) {
            for (Multiaddr a : p.addresses()) out.add(a.peerId().isPresent() ? a : a.withPeerId(p.peerId()));
        }
        return out;
    }

    /** Each provider with the addresses the peer store holds for it, publisher first. */
    public List<Provider> providers(Cid contentId) {
        Optional<Provider> publisher = publisherOf.apply(contentId);
        Set<PeerId> ids = new LinkedHashSet<>();
        publisher.ifPresent(p -> ids.add(p.peerId()));
        synchronized (this) {
            ids.addAll(extra.getOrDefault(contentId, Set.of()));
        }
        List<Provider> out = new ArrayList<>();
        for (PeerId id : ids) {
            Set<Multiaddr> addresses = new LinkedHashSet<>(peerStore.get(id).map(PeerInfo::addresses).orElse(List.of()));
            if (publisher.isPresent() && publisher.get().peerId().equals(id)) addresses.addAll(publisher.get().addresses());
            out.add(new Provider(id, List.copyOf(addresses)));
        }
        return out;
    }
}

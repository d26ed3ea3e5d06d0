package io.grapevine.node.announce;

import com.google.protobuf.ByteString;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.identity.PublicKey;
import io.grapevine.node.identity.PublicKeys;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Publisher keys decoded once per marshalled form: decoding an Ed25519 key decompresses its curve point, which cost
 * as much as a third of a signature check, and a catch-up brings many records of the same few publishers. Only keys
 * that parsed are kept; the cache is cleared when full, so a peer sending many keys costs itself work, not our memory.
 */
final class PublisherKeys {
    static final int MAX_CACHED = 4096;

    /** A decoded publisher key, its peer id and that id's text (what the index stores). */
    record Publisher(PublicKey key, PeerId peer, String peerText) {}

    private static final ConcurrentHashMap<ByteString, Publisher> CACHE = new ConcurrentHashMap<>();

    private PublisherKeys() {}

    /** The decoded key; throws {@link AnnounceFormatException} when it does not parse. */
    static Publisher of(ByteString marshalled) {
        Publisher known = CACHE.get(marshalled);
        if (known != null) return known;
        Publisher decoded = decode(marshalled.toByteArray());
        if (CACHE.size() >= MAX_CACHED) CACHE.clear();
        CACHE.put(marshalled, decoded);
        return decoded;
    }

    static int size() {
        return CACHE.size();
    }

    static Publisher decode(byte[] bytes) {
        if (bytes.length == 0) throw new AnnounceFormatException("publisher key missing");
        PublicKey key;
        try {
            key = PublicKeys.unmarshal(bytes);
        } catch (RuntimeException e) {
            throw new AnnounceFormatException("bad publisher key: " + e.getMessage(), e);
        }
        PeerId peer = PeerId.fromPublicKey(key);
        return new Publisher(key, peer, peer.toString());
    }
}

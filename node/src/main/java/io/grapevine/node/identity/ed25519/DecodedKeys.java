package io.grapevine.node.identity.ed25519;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decoded public keys by their 32 bytes: a catch-up brings many records of few publishers, so each key is
 * decompressed, checked for small order and given its table once. Bounded: cleared when full, so a peer sending many
 * keys costs itself work, not our memory. Keys that do not decode are not kept.
 */
final class DecodedKeys {
    static final int MAX_CACHED = 4096;
    private static final ConcurrentHashMap<ByteBuffer, DecodedKey> CACHE = new ConcurrentHashMap<>();

    private DecodedKeys() {}

    /** The decoded key, or null when it is not a canonical point encoding. */
    static DecodedKey of(byte[] raw) {
        if (raw == null || raw.length != 32) return null;
        ByteBuffer id = ByteBuffer.wrap(raw.clone());
        DecodedKey known = CACHE.get(id);
        if (known != null) return known;
        DecodedKey decoded = DecodedKey.decode(raw);
        if (decoded == null) return null;
        if (CACHE.size() >= MAX_CACHED) CACHE.clear();
        CACHE.put(id, decoded);
        return decoded;
    }
}

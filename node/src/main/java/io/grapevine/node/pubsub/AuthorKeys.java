package io.grapevine.node.pubsub;

import com.google.protobuf.ByteString;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.identity.PublicKey;
import io.grapevine.node.identity.PublicKeys;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decoded authors ({@code from} and {@code key} of a message) by their wire bytes. Decoding an Ed25519 key
 * decompresses a curve point, about a sixth of a verification, and a topic's messages come from few authors.
 * Decoding is a pure function of the bytes, so caching is safe whatever the signature turns out to be. Bounded:
 * when full it is cleared (a flood of fresh authors costs us the decoding, never memory).
 */
final class AuthorKeys {
    record Author(PeerId from, PublicKey key) {}

    private record Wire(ByteString from, ByteString key) {}

    private final int maxEntries;
    private final ConcurrentHashMap<Wire, Author> byFrom = new ConcurrentHashMap<>();

    AuthorKeys(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** The author of {@code from}/{@code key} ({@code key} null when the message has none). */
    Author resolve(ByteString from, ByteString key) throws InvalidMessageException {
        Wire cacheKey = new Wire(from, key);
        Author cached = byFrom.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        Author author = decode(from, key);
        if (byFrom.size() >= maxEntries) {
            byFrom.clear();
        }
        byFrom.put(cacheKey, author);
        return author;
    }

    private static Author decode(ByteString fromBytes, ByteString keyBytes) throws InvalidMessageException {
        try {
            PeerId from = PeerId.fromBytes(fromBytes.toByteArray());
            PublicKey key;
            if (keyBytes == null) {
                Optional<PublicKey> inlined = from.extractPublicKey();
                if (inlined.isEmpty()) {
                    throw new InvalidMessageException("no key for a hashed peer id");
                }
                key = inlined.get();
            } else {
                key = PublicKeys.unmarshal(keyBytes.toByteArray());
                if (!from.matches(key)) {
                    throw new InvalidMessageException("key does not match from");
                }
            }
            return new Author(from, key);
        } catch (IllegalArgumentException e) {
            throw new InvalidMessageException("bad from or key: " + e.getMessage());
        }
    }
}

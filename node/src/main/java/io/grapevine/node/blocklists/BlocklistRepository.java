package io.grapevine.node.blocklists;

import io.grapevine.blocklist.list.BlockRule;
import io.grapevine.blocklist.list.ListId;
import io.grapevine.blocklist.policy.LocalOverride;
import io.grapevine.blocklist.vote.Target;
import io.grapevine.blocklist.vote.TargetKind;
import io.grapevine.node.storage.BlocklistStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Key layout of the {@code blocklists} column family. {@code L listId}: a list's signed definition; {@code R listId
 * hash}: its signed votes and membership records; {@code F listId}: followed, with an optional local rule;
 * {@code O kind value}: a local allow or block; {@code D name}: an imported denylist's text.
 */
final class BlocklistRepository {
    private static final Logger log = LoggerFactory.getLogger(BlocklistRepository.class);
    private static final byte LIST = 'L';
    private static final byte RECORD = 'R';
    private static final byte FOLLOW = 'F';
    private static final byte OVERRIDE = 'O';
    private static final byte DENYLIST = 'D';

    private final BlocklistStore store;

    BlocklistRepository(BlocklistStore store) {
        this.store = store;
    }

    void putList(ListId id, SignedEnvelope definition) {
        store.put(key(LIST, id.bytes()), definition.encode(), true);
    }

    void putRecord(ListId id, byte[] hash, SignedEnvelope record) {
        store.put(key(RECORD, id.bytes(), hash), record.encode(), false);
    }

    byte[] getRecord(ListId id, byte[] hash) {
        return store.get(key(RECORD, id.bytes(), hash));
    }

    void forEachList(Consumer<SignedEnvelope> action) {
        store.forEach(new byte[] {LIST}, (k, v) -> decode(v).ifPresent(action));
    }

    void forEachRecord(ListId id, Consumer<SignedEnvelope> action) {
        store.forEach(key(RECORD, id.bytes()), (k, v) -> decode(v).ifPresent(action));
    }

    void putFollow(ListId id, Optional<BlockRule> localRule) {
        ByteBuffer b = ByteBuffer.allocate(12);
        localRule.ifPresent(r -> b.putInt(r.minVotes()).putInt(r.fractionNumerator()).putInt(r.fractionDenominator()));
        store.put(key(FOLLOW, id.bytes()), Arrays.copyOf(b.array(), b.position()), true);
    }

    void deleteFollow(ListId id) {
        store.delete(key(FOLLOW, id.bytes()));
    }

    void forEachFollow(BiConsumer<ListId, Optional<BlockRule>> action) {
        store.forEach(new byte[] {FOLLOW}, (k, v) -> {
            try {
                ListId id = ListId.of(Arrays.copyOfRange(k, 1, k.length));
                ByteBuffer b = ByteBuffer.wrap(v);
                action.accept(id, v.length == 12
                        ? Optional.of(new BlockRule(b.getInt(), b.getInt(), b.getInt())) : Optional.empty());
            } catch (IllegalArgumentException e) {
                log.warn("skipping an unreadable follow entry: {}", e.getMessage());
            }
        });
    }

    void putOverride(Target target, LocalOverride override) {
        if (override == LocalOverride.NONE) {
            store.delete(key(OVERRIDE, new byte[] {(byte) target.kind().code}, target.value()));
        } else {
            store.put(key(OVERRIDE, new byte[] {(byte) target.kind().code}, target.value()),
                    new byte[] {(byte) override.ordinal()}, true);
        }
    }

    void forEachOverride(BiConsumer<Target, LocalOverride> action) {
        store.forEach(new byte[] {OVERRIDE}, (k, v) -> {
            try {
                Target t = Target.of(TargetKind.fromCode(k[1]), Arrays.copyOfRange(k, 2, k.length));
                action.accept(t, LocalOverride.values()[v[0]]);
            } catch (RuntimeException e) {
                log.warn("skipping an unreadable local override: {}", e.getMessage());
            }
        });
    }

    void putDenylist(String name, String text) {
        store.put(key(DENYLIST, name.getBytes(StandardCharsets.UTF_8)), text.getBytes(StandardCharsets.UTF_8), true);
    }

    void deleteDenylist(String name) {
        store.delete(key(DENYLIST, name.getBytes(StandardCharsets.UTF_8)));
    }

    void forEachDenylist(BiConsumer<String, String> action) {
        store.forEach(new byte[] {DENYLIST}, (k, v) -> action.accept(
                new String(k, 1, k.length - 1, StandardCharsets.UTF_8), new String(v, StandardCharsets.UTF_8)));
    }

    private static Optional<SignedEnvelope> decode(byte[] value) {
        try {
            return Optional.of(SignedEnvelope.decode(value));
        } catch (SignedEnvelope.MalformedEnvelopeException e) {
            log.warn("skipping an unreadable stored blocklist record: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private static byte[] key(byte prefix, byte[]... parts) {
        int n = 1;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n).put(prefix);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }
}

package io.grapevine.node.blocklists;

import io.grapevine.blocklist.policy.LocalOverride;
import io.grapevine.blocklist.vote.Target;
import io.grapevine.node.identity.Ed25519PrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Blocking removes items from the index (by id or by publisher); unblocking brings back only what is not still blocked. */
class IndexEnforcerTest {
    @TempDir
    Path home;

    /** A stored set of announcements (id to publisher) and the subset indexed, as the search feature keeps them. */
    static final class Index implements IndexedAnnouncements {
        final Map<String, byte[]> stored = new LinkedHashMap<>();
        final Set<String> indexed = ConcurrentHashMap.newKeySet();

        void add(String id, byte[] publisher) {
            stored.put(id, publisher);
            indexed.add(id);
        }

        @Override
        public void unindex(String contentId) {
            indexed.remove(contentId);
        }

        @Override
        public void reindex(String contentId) {
            if (stored.containsKey(contentId)) {
                indexed.add(contentId);
            }
        }

        @Override
        public byte[] publisherOf(String contentId) {
            return stored.get(contentId);
        }

        @Override
        public Collection<String> byPublisher(byte[] key) {
            return stored.entrySet().stream().filter(e -> Arrays.equals(e.getValue(), key)).map(Map.Entry::getKey).toList();
        }

        @Override
        public void forEachStored(BiConsumer<String, byte[]> action) {
            stored.forEach(action);
        }
    }

    @Test
    void blockAndUnblockByContentAndPublisher() {
        byte[] alice = Ed25519PrivateKey.generate().publicKey().marshal();
        byte[] bob = Ed25519PrivateKey.generate().publicKey().marshal();
        Index index = new Index();
        index.add("x1", alice);
        index.add("x2", alice);
        index.add("y1", bob);
        try (BlocklistFixture node = new BlocklistFixture(home)) {
            node.decisions.addListener(new IndexEnforcer(node.decisions, index));
            node.service.setLocal(Target.publisher(alice), LocalOverride.BLOCK);
            await().atMost(Duration.ofSeconds(5)).until(() -> index.indexed.equals(Set.of("y1")));
            node.service.setLocal(Target.content("x1"), LocalOverride.BLOCK);
            node.service.setLocal(Target.publisher(alice), LocalOverride.NONE);
            // x2 comes back; x1 stays out, blocked on its own.
            await().atMost(Duration.ofSeconds(5)).until(() -> index.indexed.equals(Set.of("x2", "y1")));
            node.service.importDenylist("d", "/ipfs/bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy\n");
            index.add("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy", bob);
            node.service.removeDenylist("d");
            node.service.importDenylist("d", "/ipfs/bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> index.indexed.equals(Set.of("x2", "y1")));
            node.service.setLocal(Target.content("x1"), LocalOverride.NONE);
            await().atMost(Duration.ofSeconds(5)).until(() -> index.indexed.equals(Set.of("x1", "x2", "y1")));
            assertThat(List.copyOf(index.stored.keySet())).hasSize(4);
        }
    }
}

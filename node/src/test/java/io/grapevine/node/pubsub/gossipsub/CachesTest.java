package io.grapevine.node.pubsub.gossipsub;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.pubsub.rpc.proto.Message;
import org.junit.jupiter.api.Test;

class CachesTest {
    private static ByteString id(int i) {
        return ByteString.copyFromUtf8("id" + i);
    }

    private static Message msg(String topic, int i) {
        return Message.newBuilder().setTopic(topic).setData(ByteString.copyFromUtf8("m" + i)).build();
    }

    @Test
    void messageCacheGossipsTheNewestWindowsAndForgetsBeyondLength() {
        MessageCache cache = new MessageCache(3, 5, 3);
        for (int i = 0; i < 10; i++) {
            cache.put(id(i), msg(i % 2 == 0 ? "even" : "odd", i));
            cache.shift();
        }
        // Windows hold, newest first: [] [9] [8] [7] [6]; 5 and older are gone.
        assertThat(cache.size()).isEqualTo(4);
        assertThat(cache.get(id(5))).isEmpty();
        assertThat(cache.get(id(6))).isPresent();
        assertThat(cache.gossipIds("even")).containsExactly(id(8));
        assertThat(cache.gossipIds("odd")).containsExactly(id(9));
        cache.put(id(10), msg("even", 10));
        assertThat(cache.gossipIds("even")).containsExactly(id(10), id(8));
    }

    @Test
    void duplicatesDoNotOccupyTwoSlots() {
        MessageCache cache = new MessageCache(1, 2, 3);
        cache.put(id(1), msg("t", 1));
        cache.put(id(1), msg("t", 1));
        assertThat(cache.gossipIds("t")).containsExactly(id(1));
    }

    @Test
    void iwantRetransmissionsAreCappedPerPeer() {
        MessageCache cache = new MessageCache(3, 5, 2);
        cache.put(id(1), msg("t", 1));
        PeerId a = PeerId.fromPublicKey(Ed25519PrivateKey.generate().publicKey());
        PeerId b = PeerId.fromPublicKey(Ed25519PrivateKey.generate().publicKey());
        assertThat(cache.getForPeer(id(1), a)).isPresent();
        assertThat(cache.getForPeer(id(1), a)).isPresent();
        assertThat(cache.getForPeer(id(1), a)).isEmpty();
        assertThat(cache.getForPeer(id(1), b)).isPresent();
        assertThat(cache.getForPeer(id(2), b)).isEmpty();
    }

    @Test
    void seenCacheExpiresAfterTtl() {
        SeenCache seen = new SeenCache(1000, 100);
        assertThat(seen.add(id(1), 0)).isTrue();
        assertThat(seen.add(id(1), 500)).isFalse();
        assertThat(seen.add(id(2), 600)).isTrue();
        seen.expire(1000);
        assertThat(seen.contains(id(1), 1000)).isFalse();
        assertThat(seen.contains(id(2), 1000)).isTrue();
        assertThat(seen.size()).isEqualTo(1);
        assertThat(seen.add(id(1), 1001)).isTrue();
    }

    @Test
    void seenCacheIsBounded() {
        SeenCache seen = new SeenCache(60_000, 3);
        for (int i = 0; i < 5; i++) {
            seen.add(id(i), i);
        }
        assertThat(seen.size()).isEqualTo(3);
        assertThat(seen.contains(id(0), 10)).isFalse();
        assertThat(seen.contains(id(4), 10)).isTrue();
    }
}

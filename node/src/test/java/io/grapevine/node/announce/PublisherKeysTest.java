package io.grapevine.node.announce;

import com.google.protobuf.ByteString;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.identity.PrivateKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PublisherKeysTest {
    @Test
    void aKeyIsDecodedOnceAndGivesItsPeerId() {
        PrivateKey key = AnnounceFixtures.key();
        byte[] marshalled = key.publicKey().marshal();
        PublisherKeys.Publisher first = PublisherKeys.of(ByteString.copyFrom(marshalled));
        // an equal key in another buffer (as each parsed record holds) finds the same decoded one
        assertThat(PublisherKeys.of(ByteString.copyFrom(marshalled.clone()))).isSameAs(first);
        assertThat(first.peer()).isEqualTo(PeerId.fromPublicKey(key.publicKey()));
        assertThat(first.peerText()).isEqualTo(first.peer().toBase58());
        assertThat(first.key().verify("x".getBytes(), key.sign("x".getBytes()))).isTrue();
    }

    @Test
    void badKeysAreRefusedEveryTimeAndNeverCached() {
        ByteString bad = ByteString.copyFrom(new byte[] {8, 1, 18, 32, 1, 2, 3});
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> PublisherKeys.of(bad)).isInstanceOf(AnnounceFormatException.class)
                    .hasMessageContaining("bad publisher key");
        }
        assertThatThrownBy(() -> PublisherKeys.of(ByteString.EMPTY)).hasMessageContaining("publisher key missing");
    }

    @Test
    void theCacheStaysBoundedUnderManyKeys() {
        for (int i = 0; i < PublisherKeys.MAX_CACHED + 10; i++) {
            PublisherKeys.of(ByteString.copyFrom(AnnounceFixtures.key().publicKey().marshal()));
        }
        assertThat(PublisherKeys.size()).isLessThanOrEqualTo(PublisherKeys.MAX_CACHED);
    }
}

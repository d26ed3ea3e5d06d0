package io.grapevine.node.announce;

import com.google.protobuf.ByteString;
import io.grapevine.node.announce.proto.Announcement;
import io.grapevine.node.announce.proto.Retraction;
import io.grapevine.node.identity.PrivateKey;
import io.grapevine.node.identity.PublicKey;
import org.junit.jupiter.api.Test;

import static io.grapevine.node.announce.AnnounceFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class AnnouncementSigningTest {
    private final PrivateKey key = key();
    private final PublicKey publisher = key.publicKey();

    @Test
    void signedAnnouncementVerifiesWithThePublisherKeyOnly() {
        Announcement a = announcement(key, contentId("x"));
        assertThat(a.getPublisherKey().toByteArray()).isEqualTo(publisher.marshal());
        assertThat(AnnouncementSigning.verify(a, publisher)).isTrue();
        assertThat(AnnouncementSigning.verify(a, key().publicKey())).isFalse();
    }

    @Test
    void anyChangedFieldBreaksTheSignature() {
        Announcement a = announcement(key, contentId("x"));
        assertThat(AnnouncementSigning.verify(a.toBuilder().setTitle("Other").build(), publisher)).isFalse();
        assertThat(AnnouncementSigning.verify(a.toBuilder().setPriceSats(1).build(), publisher)).isFalse();
        assertThat(AnnouncementSigning.verify(a.toBuilder().setStampNonce(a.getStampNonce() + 1).build(), publisher)).isFalse();
        assertThat(AnnouncementSigning.verify(a.toBuilder().setCreatedAt(a.getCreatedAt() + 1).build(), publisher)).isFalse();
    }

    @Test
    void aForgerCannotReusAnotherKeysSignature() {
        Announcement a = announcement(key, contentId("x"));
        PrivateKey forger = key();
        Announcement stolen = a.toBuilder().setPublisherKey(ByteString.copyFrom(forger.publicKey().marshal())).build();
        assertThat(AnnouncementSigning.verify(stolen, forger.publicKey())).isFalse();
    }

    @Test
    void domainsSeparateRetractionsFromAnnouncements() {
        Retraction r = new AnnouncementAuthor(key, DIFFICULTY, CLOCK).retract(contentId("x"));
        assertThat(AnnouncementSigning.verify(r, publisher)).isTrue();
        // The same key signing the same bytes under the other domain is not valid here.
        byte[] bare = r.toBuilder().clearSignature().build().toByteArray();
        Retraction signedWithoutDomain = r.toBuilder().setSignature(ByteString.copyFrom(key.sign(bare))).build();
        assertThat(AnnouncementSigning.verify(signedWithoutDomain, publisher)).isFalse();
    }
}

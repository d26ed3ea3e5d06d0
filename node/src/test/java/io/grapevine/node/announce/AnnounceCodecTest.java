package io.grapevine.node.announce;

import com.google.protobuf.ByteString;
import io.grapevine.node.announce.proto.AnnounceMessage;
import io.grapevine.node.announce.proto.AnnouncedFile;
import io.grapevine.node.announce.proto.Announcement;
import io.grapevine.node.content.ContentIds;
import io.grapevine.node.identity.PrivateKey;
import org.junit.jupiter.api.Test;

import java.util.function.UnaryOperator;

import static io.grapevine.node.announce.AnnounceFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnnounceCodecTest {
    private final PrivateKey key = key();
    private final Announcement valid = announcement(key, contentId("a"));

    private void refused(UnaryOperator<Announcement.Builder> change, String reason) {
        byte[] data = AnnounceCodec.encode(change.apply(valid.toBuilder()).build());
        assertThatThrownBy(() -> AnnounceCodec.decode(data)).isInstanceOf(AnnounceFormatException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void roundTripsAValidAnnouncement() {
        AnnounceMessage decoded = AnnounceCodec.decode(AnnounceCodec.encode(valid));
        assertThat(decoded.getAnnouncement()).isEqualTo(valid);
    }

    @Test
    void refusesOversizedBeforeParsing() {
        byte[] data = new byte[AnnounceLimits.MAX_MESSAGE_BYTES + 1];
        assertThatThrownBy(() -> AnnounceCodec.decode(data)).hasMessageContaining("at most 16384");
    }

    @Test
    void refusesMalformedAndEmptyAndNonCanonical() {
        assertThatThrownBy(() -> AnnounceCodec.decode(new byte[] {0x0a, 0x7f, 0x01})).hasMessageContaining("malformed");
        assertThatThrownBy(() -> AnnounceCodec.decode(new byte[0])).hasMessageContaining("neither");
        byte[] good = AnnounceCodec.encode(valid);
        // The same field twice: parses (last one wins) but is not the canonical encoding.
        byte[] doubled = new byte[good.length * 2];
        System.arraycopy(good, 0, doubled, 0, good.length);
        System.arraycopy(good, 0, doubled, good.length, good.length);
        assertThatThrownBy(() -> AnnounceCodec.decode(doubled)).hasMessageContaining("canonical");
    }

    @Test
    void enforcesFieldLimits() {
        refused(b -> b.setTitle(""), "title");
        refused(b -> b.setTitle("   "), "blank");
        refused(b -> b.setTitle("x".repeat(257)), "title of 257");
        refused(b -> b.setTitle("bad\u0000title"), "control character");
        refused(b -> b.setDescription("d".repeat(4097)), "description");
        refused(b -> {
            for (int i = 0; i < 33; i++) b.addTags("t" + i);
            return b;
        }, "tags");
        refused(b -> b.addTags("t".repeat(65)), "tag of 65");
        refused(b -> {
            for (int i = 0; i < 1001; i++) b.addFiles(AnnouncedFile.newBuilder().setPath("f"));
            return b.setFileCount(2000);
        }, "files listed");
        refused(b -> b.setTotalSize(10), "total size");
        refused(b -> b.setFileCount(0), "file count");
        refused(b -> b.setContentId(ByteString.copyFrom(ContentIds.chunkId(new byte[1]).toBytes())), "not a manifest id");
        refused(b -> b.setContentId(ByteString.copyFrom(new byte[] {1, 2, 3})), "bad content id");
        refused(b -> b.clearPublisherKey(), "publisher key missing");
        refused(b -> b.setPublisherKey(ByteString.copyFrom(new byte[] {8, 1})), "bad publisher key");
        refused(b -> b.clearCreatedAt(), "created_at");
        refused(b -> b.setPriceSats(5), "payout");
        refused(b -> b.setPriceSats(-1), "price");
        refused(b -> b.setStampDifficulty(65), "difficulty");
        refused(b -> b.clearSignature(), "signature missing");
        byte[] address = io.grapevine.node.multiformats.Multiaddr.parse("/ip4/10.0.0.1/tcp/4001").toBytes();
        refused(b -> {
            for (int i = 0; i < 9; i++) b.addPublisherAddresses(ByteString.copyFrom(address));
            return b;
        }, "9 addresses");
        refused(b -> b.addPublisherAddresses(ByteString.copyFrom(new byte[] {(byte) 0xff, 1})), "bad publisher address");
        refused(b -> b.addPublisherAddresses(ByteString.copyFrom(io.grapevine.node.multiformats.Multiaddr
                .parse("/ip4/10.0.0.1/tcp/4001").withPeerId(io.grapevine.node.identity.PeerId.fromPublicKey(key.publicKey()))
                .toBytes())), "/p2p part");
        refused(b -> b.setSignature(ByteString.copyFrom(new byte[1025])), "signature of 1025");
    }

    @Test
    void authorRefusesWhatPeersWouldRefuse() {
        AnnouncementAuthor author = new AnnouncementAuthor(key, 0, CLOCK);
        AnnouncementDraft tooLong = new AnnouncementDraft(contentId("b"), "t".repeat(300), "", null, null, 0, 0, 0, "");
        assertThatThrownBy(() -> author.announce(tooLong)).isInstanceOf(AnnounceFormatException.class)
                .hasMessageContaining("title");
    }
}

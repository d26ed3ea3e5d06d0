package io.grapevine.node.announce;

import com.google.protobuf.ByteString;
import io.grapevine.node.announce.proto.Announcement;
import io.grapevine.node.announce.proto.Retraction;
import io.grapevine.node.identity.PrivateKey;
import io.grapevine.node.multiformats.Cid;

import io.grapevine.node.multiformats.Multiaddr;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Makes this node's signed, stamped announcements and signed retractions. Stamping is CPU work: call off event loops. */
public final class AnnouncementAuthor {
    private final PrivateKey key;
    private final int difficulty;
    private final Clock clock;
    private final Supplier<List<Multiaddr>> addresses;

    /** {@code addresses}: where this node listens, put in announcements so distant peers can download from it. */
    public AnnouncementAuthor(PrivateKey key, int difficulty, Clock clock, Supplier<List<Multiaddr>> addresses) {
        this.key = key;
        this.difficulty = difficulty;
        this.clock = clock;
        this.addresses = addresses;
    }

    public AnnouncementAuthor(PrivateKey key, int difficulty, Clock clock) {
        this(key, difficulty, clock, List::of);
    }

    /** Checks the draft against the limits, then stamps and signs it; throws {@link AnnounceFormatException}. */
    public Announcement announce(AnnouncementDraft draft) {
        Announcement unsigned = Announcement.newBuilder()
                .setTitle(draft.title() == null ? "" : draft.title())
                .setDescription(draft.description())
                .addAllTags(draft.tags())
                .addAllFiles(draft.files())
                .setFileCount(draft.fileCount())
                .setTotalSize(draft.totalSize())
                .setContentId(ByteString.copyFrom(draft.contentId().toBytes()))
                .setPublisherKey(ByteString.copyFrom(key.publicKey().marshal()))
                .setCreatedAt(clock.millis())
                .setPriceSats(draft.priceSats())
                .setPayout(draft.payout())
                .addAllPublisherAddresses(addresses())
                .setSignature(ByteString.copyFrom(new byte[1])) // placeholder so the limits check passes
                .build();
        AnnounceCodec.checkAnnouncement(unsigned);
        Announcement signed = AnnouncementSigning.sign(Stamp.solve(unsigned.toBuilder().clearSignature().build(),
                difficulty), key);
        if (AnnounceCodec.encode(signed).length > AnnounceLimits.MAX_MESSAGE_BYTES) {
            throw new AnnounceFormatException("announcement larger than " + AnnounceLimits.MAX_MESSAGE_BYTES
                    + " bytes: list fewer files or shorten the description");
        }
        return signed;
    }

    private List<ByteString> addresses() {
        List<ByteString> out = new ArrayList<>();
        // Loopback last: only peers on this machine can use it.
        for (Multiaddr a : addresses.get().stream().sorted(java.util.Comparator.comparing(AnnouncementAuthor::loopback)).toList()) {
            byte[] bytes = a.withoutPeerId().toBytes();
            if (bytes.length <= AnnounceLimits.MAX_ADDRESS_BYTES && out.size() < AnnounceLimits.MAX_ADDRESSES) {
                out.add(ByteString.copyFrom(bytes));
            }
        }
        return out;
    }

    private static boolean loopback(Multiaddr a) {
        String text = a.toString();
        return text.startsWith("/ip4/127.") || text.startsWith("/ip6/::1/");
    }

    public Retraction retract(Cid contentId) {
        return AnnouncementSigning.sign(Retraction.newBuilder()
                .setContentId(ByteString.copyFrom(contentId.toBytes()))
                .setRetractedAt(clock.millis())
                .build(), key);
    }
}

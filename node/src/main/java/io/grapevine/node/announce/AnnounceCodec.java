package io.grapevine.node.announce;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grapevine.node.announce.proto.AnnounceMessage;
import io.grapevine.node.announce.proto.AnnouncedFile;
import io.grapevine.node.announce.proto.Announcement;
import io.grapevine.node.announce.proto.Retraction;
import io.grapevine.node.content.ContentIds;
import io.grapevine.node.identity.PublicKey;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.multiformats.Multiaddr;

import java.util.Arrays;

import static io.grapevine.node.announce.AnnounceLimits.*;

/**
 * Decodes gossip data into an {@link AnnounceMessage}: size before parse, canonical encoding (so the SHA-256 message
 * id names one record), then the field limits. Signatures and stamps are checked elsewhere.
 */
public final class AnnounceCodec {
    private AnnounceCodec() {}

    public static AnnounceMessage decode(byte[] data) {
        if (data.length > MAX_MESSAGE_BYTES) {
            throw new AnnounceFormatException("message of " + data.length + " bytes, at most " + MAX_MESSAGE_BYTES);
        }
        AnnounceMessage message;
        try {
            message = AnnounceMessage.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            throw new AnnounceFormatException("malformed message: " + e.getMessage(), e);
        }
        if (!Arrays.equals(message.toByteArray(), data)) {
            throw new AnnounceFormatException("message is not in canonical encoding");
        }
        switch (message.getBodyCase()) {
            case ANNOUNCEMENT -> checkAnnouncement(message.getAnnouncement());
            case RETRACTION -> checkRetraction(message.getRetraction());
            default -> throw new AnnounceFormatException("message has neither an announcement nor a retraction");
        }
        return message;
    }

    public static byte[] encode(Announcement announcement) {
        return AnnounceMessage.newBuilder().setAnnouncement(announcement).build().toByteArray();
    }

    public static byte[] encode(Retraction retraction) {
        return AnnounceMessage.newBuilder().setRetraction(retraction).build().toByteArray();
    }

    static void checkAnnouncement(Announcement a) {
        text("title", a.getTitle(), 1, MAX_TITLE, false);
        text("description", a.getDescription(), 0, MAX_DESCRIPTION, true);
        if (a.getTagsCount() > MAX_TAGS) throw new AnnounceFormatException(a.getTagsCount() + " tags, at most " + MAX_TAGS);
        for (String tag : a.getTagsList()) text("tag", tag, 1, MAX_TAG, false);
        if (a.getFilesCount() > MAX_FILES_LISTED) {
            throw new AnnounceFormatException(a.getFilesCount() + " files listed, at most " + MAX_FILES_LISTED);
        }
        long listed = 0;
        for (AnnouncedFile f : a.getFilesList()) {
            text("file path", f.getPath(), 1, MAX_PATH, false);
            text("media type", f.getMediaType(), 0, MAX_MEDIA_TYPE, false);
            if (f.getSize() < 0) throw new AnnounceFormatException("file size out of range");
            listed += f.getSize();
            if (listed < 0) throw new AnnounceFormatException("file sizes overflow");
        }
        if (a.getTotalSize() < 0 || a.getTotalSize() < listed) {
            throw new AnnounceFormatException("total size " + a.getTotalSize() + " below the listed files' " + listed);
        }
        if (Integer.toUnsignedLong(a.getFileCount()) < a.getFilesCount()) {
            throw new AnnounceFormatException("file count " + a.getFileCount() + " below the " + a.getFilesCount() + " listed");
        }
        contentId(a.getContentId().toByteArray());
        publisherKey(a.getPublisherKey());
        if (a.getCreatedAt() <= 0) throw new AnnounceFormatException("created_at missing or out of range");
        if (a.getPriceSats() < 0 || a.getPriceSats() > MAX_PRICE_SATS) throw new AnnounceFormatException("price out of range");
        text("payout", a.getPayout(), a.getPriceSats() > 0 ? 1 : 0, MAX_PAYOUT, false);
        if (Integer.toUnsignedLong(a.getStampDifficulty()) > MAX_STAMP_DIFFICULTY) {
            throw new AnnounceFormatException("stamp difficulty above " + MAX_STAMP_DIFFICULTY);
        }
        if (a.getPublisherAddressesCount() > MAX_ADDRESSES) {
            throw new AnnounceFormatException(a.getPublisherAddressesCount() + " addresses, at most " + MAX_ADDRESSES);
        }
        for (ByteString address : a.getPublisherAddressesList()) address(address);
        signature(a.getSignature().size());
    }

    /** A publisher address: a multiaddr of at most 256 bytes without a /p2p part (the key says whose it is). */
    public static Multiaddr address(ByteString bytes) {
        if (bytes.size() > MAX_ADDRESS_BYTES) throw new AnnounceFormatException("address of " + bytes.size() + " bytes");
        Multiaddr address;
        try {
            address = Multiaddr.fromBytes(bytes.toByteArray());
        } catch (RuntimeException e) {
            throw new AnnounceFormatException("bad publisher address: " + e.getMessage(), e);
        }
        if (address.peerId().isPresent()) throw new AnnounceFormatException("publisher address with a /p2p part");
        return address;
    }

    static void checkRetraction(Retraction r) {
        contentId(r.getContentId().toByteArray());
        publisherKey(r.getPublisherKey());
        if (r.getRetractedAt() <= 0) throw new AnnounceFormatException("retracted_at missing or out of range");
        signature(r.getSignature().size());
    }

    /** The content id as a manifest CID; throws when it is anything else. */
    public static Cid contentId(byte[] bytes) {
        Cid id;
        try {
            id = Cid.fromBytes(bytes);
        } catch (RuntimeException e) {
            throw new AnnounceFormatException("bad content id: " + e.getMessage(), e);
        }
        if (!ContentIds.isManifestId(id)) throw new AnnounceFormatException("content id is not a manifest id: " + id);
        return id;
    }

    public static PublicKey publisherKey(byte[] bytes) {
        return PublisherKeys.decode(bytes).key();
    }

    /** A record's publisher key (decoded once per distinct key, see {@link PublisherKeys}). */
    public static PublicKey publisherKey(ByteString marshalled) {
        return PublisherKeys.of(marshalled).key();
    }

    /** The peer id of a record's publisher key. */
    public static PeerId publisher(ByteString marshalled) {
        return PublisherKeys.of(marshalled).peer();
    }

    /** {@link #publisher} as text (base58), as the index stores it. */
    public static String publisherText(ByteString marshalled) {
        return PublisherKeys.of(marshalled).peerText();
    }

    private static void signature(int length) {
        if (length == 0) throw new AnnounceFormatException("signature missing");
        if (length > MAX_SIGNATURE) throw new AnnounceFormatException("signature of " + length + " bytes");
    }

    private static void text(String field, String value, int min, int max, boolean multiline) {
        if (value.length() < min || value.length() > max) {
            throw new AnnounceFormatException(field + " of " + value.length() + " characters, allowed " + min + ".." + max);
        }
        if (min > 0 && value.isBlank()) throw new AnnounceFormatException(field + " is blank");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && !(multiline && (c == '\n' || c == '\t' || c == '\r'))) {
                throw new AnnounceFormatException(field + " contains a control character");
            }
        }
    }
}

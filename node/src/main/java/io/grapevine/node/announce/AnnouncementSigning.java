package io.grapevine.node.announce;

import io.grapevine.node.announce.proto.Announcement;
import io.grapevine.node.announce.proto.Retraction;
import io.grapevine.node.identity.PrivateKey;
import io.grapevine.node.identity.PublicKey;
import io.grapevine.node.identity.ed25519.Ed25519BatchVerifier;
import com.google.protobuf.ByteString;

import java.nio.charset.StandardCharsets;

/**
 * Signatures on announcements and retractions: the publisher key signs a domain prefix followed by the message with
 * its signature field empty. The prefixes keep these signatures from being valid as any other Grapevine or libp2p
 * signature (and an announcement's as a retraction's). Ed25519 publisher signatures follow the cofactored rule of
 * docs/announce.md ("The signature rule"): one at a time by BouncyCastle's check, which applies it (8-14% faster than
 * our single check), and in batches by {@link Ed25519BatchVerifier}; Ed25519TorsionAndFuzzTest holds the two to it.
 */
public final class AnnouncementSigning {
    private static final byte[] ANNOUNCE_DOMAIN = "grapevine-announce/1:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RETRACT_DOMAIN = "grapevine-retract/1:".getBytes(StandardCharsets.US_ASCII);

    private AnnouncementSigning() {}

    public static byte[] signingBytes(Announcement a) {
        return concat(ANNOUNCE_DOMAIN, a.toBuilder().clearSignature().build().toByteArray());
    }

    public static byte[] signingBytes(Retraction r) {
        return concat(RETRACT_DOMAIN, r.toBuilder().clearSignature().build().toByteArray());
    }

    /** Sets the publisher key and the signature. */
    public static Announcement sign(Announcement a, PrivateKey key) {
        Announcement unsigned = a.toBuilder().setPublisherKey(ByteString.copyFrom(key.publicKey().marshal())).build();
        return unsigned.toBuilder().setSignature(ByteString.copyFrom(key.sign(signingBytes(unsigned)))).build();
    }

    public static Retraction sign(Retraction r, PrivateKey key) {
        Retraction unsigned = r.toBuilder().setPublisherKey(ByteString.copyFrom(key.publicKey().marshal())).build();
        return unsigned.toBuilder().setSignature(ByteString.copyFrom(key.sign(signingBytes(unsigned)))).build();
    }

    public static boolean verify(Announcement a, PublicKey publisher) {
        return publisher.verify(signingBytes(a), a.getSignature().toByteArray());
    }

    public static boolean verify(Retraction r, PublicKey publisher) {
        return publisher.verify(signingBytes(r), r.getSignature().toByteArray());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

package io.grapevine.node.pubsub;

import com.google.protobuf.ByteString;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.identity.PrivateKey;
import io.grapevine.node.identity.PublicKey;
import io.grapevine.node.identity.PublicKeys;
import io.grapevine.node.pubsub.rpc.proto.Message;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The StrictSign policy (pubsub/README.md, "Message Signing"): our messages carry {@code from}, an 8-byte
 * {@code seqno} and a signature over {@code "libp2p-pubsub:"} followed by the message marshalled without its
 * signature and key; incoming messages without a valid signature by {@code from} are rejected.
 */
public final class MessageSigning {
    public static final int SEQNO_LENGTH = 8;
    private static final byte[] PREFIX = "libp2p-pubsub:".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_SIGNATURE_LENGTH = 1024;
    private static final int MAX_KEY_LENGTH = 2048;

    private MessageSigning() {
    }

    /** Builds and signs a message from us; the key goes in only when our peer id does not inline it. */
    public static Message sign(PrivateKey key, String topic, byte[] data, long seqno) {
        PublicKey publicKey = key.publicKey();
        PeerId from = PeerId.fromPublicKey(publicKey);
        Message unsigned = Message.newBuilder()
                .setFrom(ByteString.copyFrom(from.toBytes()))
                .setData(ByteString.copyFrom(data))
                .setSeqno(ByteString.copyFrom(seqnoBytes(seqno)))
                .setTopic(topic)
                .build();
        Message.Builder signed = unsigned.toBuilder().setSignature(ByteString.copyFrom(key.sign(signedBytes(unsigned))));
        if (from.extractPublicKey().isEmpty()) {
            signed.setKey(ByteString.copyFrom(publicKey.marshal()));
        }
        return signed.build();
    }

    /** Checks a received message under StrictSign and returns its author. */
    public static PeerId verify(Message message) throws InvalidMessageException {
        if (!message.hasTopic()) {
            throw new InvalidMessageException("message without a topic");
        }
        if (!message.hasFrom() || !message.hasSignature()) {
            throw new InvalidMessageException("unsigned message");
        }
        if (!message.hasSeqno() || message.getSeqno().size() != SEQNO_LENGTH) {
            throw new InvalidMessageException("seqno must be " + SEQNO_LENGTH + " bytes");
        }
        if (message.getSignature().size() > MAX_SIGNATURE_LENGTH || message.getKey().size() > MAX_KEY_LENGTH) {
            throw new InvalidMessageException("oversized signature or key");
        }
        PeerId from;
        PublicKey key;
        try {
            from = PeerId.fromBytes(message.getFrom().toByteArray());
            key = message.hasKey() ? PublicKeys.unmarshal(message.getKey().toByteArray()) : null;
            if (key == null) {
                Optional<PublicKey> inlined = from.extractPublicKey();
                if (inlined.isEmpty()) {
                    throw new InvalidMessageException("no key for a hashed peer id");
                }
                key = inlined.get();
            } else if (!from.matches(key)) {
                throw new InvalidMessageException("key does not match from");
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidMessageException("bad from or key: " + e.getMessage());
        }
        Message unsigned = message.toBuilder().clearSignature().clearKey().build();
        if (!key.verify(signedBytes(unsigned), message.getSignature().toByteArray())) {
            throw new InvalidMessageException("bad signature");
        }
        return from;
    }

    private static byte[] signedBytes(Message unsigned) {
        byte[] body = unsigned.toByteArray();
        byte[] out = new byte[PREFIX.length + body.length];
        System.arraycopy(PREFIX, 0, out, 0, PREFIX.length);
        System.arraycopy(body, 0, out, PREFIX.length, body.length);
        return out;
    }

    static byte[] seqnoBytes(long seqno) {
        byte[] out = new byte[SEQNO_LENGTH];
        for (int i = SEQNO_LENGTH - 1; i >= 0; i--) {
            out[i] = (byte) seqno;
            seqno >>>= 8;
        }
        return out;
    }
}

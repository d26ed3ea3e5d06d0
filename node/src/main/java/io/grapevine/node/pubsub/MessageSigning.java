package io.grapevine.node.pubsub;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.identity.PrivateKey;
import io.grapevine.node.identity.PublicKey;
import io.grapevine.node.pubsub.rpc.proto.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

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
    private static final AuthorKeys AUTHORS = new AuthorKeys(10_000);

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
        Message.Builder signed = unsigned.toBuilder().setSignature(ByteString.copyFrom(key.sign(prefixed(unsigned))));
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
        AuthorKeys.Author author = AUTHORS.resolve(message.getFrom(), message.hasKey() ? message.getKey() : null);
        if (!author.key().verify(signedBytes(message), message.getSignature().toByteArray())) {
            throw new InvalidMessageException("bad signature");
        }
        return author.from();
    }

    /**
     * {@code "libp2p-pubsub:"} and the message marshalled without signature and key, written straight from its
     * fields (fields 1-4 in order, as the encoder writes them) instead of rebuilding and re-encoding the message. A
     * message with fields we do not know takes the rebuilding path, which keeps them.
     */
    static byte[] signedBytes(Message message) {
        int body = 0;
        if (message.hasFrom()) {
            body += CodedOutputStream.computeBytesSize(1, message.getFrom());
        }
        if (message.hasData()) {
            body += CodedOutputStream.computeBytesSize(2, message.getData());
        }
        if (message.hasSeqno()) {
            body += CodedOutputStream.computeBytesSize(3, message.getSeqno());
        }
        if (message.hasTopic()) {
            body += CodedOutputStream.computeStringSize(4, message.getTopic());
        }
        int known = body + (message.hasSignature() ? CodedOutputStream.computeBytesSize(5, message.getSignature()) : 0)
                + (message.hasKey() ? CodedOutputStream.computeBytesSize(6, message.getKey()) : 0);
        if (known != message.getSerializedSize()) {
            return prefixed(message.toBuilder().clearSignature().clearKey().build());
        }
        byte[] out = new byte[PREFIX.length + body];
        System.arraycopy(PREFIX, 0, out, 0, PREFIX.length);
        CodedOutputStream cos = CodedOutputStream.newInstance(out, PREFIX.length, body);
        try {
            if (message.hasFrom()) {
                cos.writeBytes(1, message.getFrom());
            }
            if (message.hasData()) {
                cos.writeBytes(2, message.getData());
            }
            if (message.hasSeqno()) {
                cos.writeBytes(3, message.getSeqno());
            }
            if (message.hasTopic()) {
                cos.writeString(4, message.getTopic());
            }
            cos.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new IllegalStateException("sized the signed bytes wrongly", e);
        }
        return out;
    }

    private static byte[] prefixed(Message unsigned) {
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

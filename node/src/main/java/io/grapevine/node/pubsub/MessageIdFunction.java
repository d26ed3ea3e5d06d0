package io.grapevine.node.pubsub;

import com.google.protobuf.ByteString;
import io.grapevine.node.pubsub.rpc.proto.Message;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Computes the id that dedupes a message and names it in IHAVE/IWANT/IDONTWANT. */
@FunctionalInterface
public interface MessageIdFunction {
    ByteString id(Message message);

    /** go-libp2p's default: the {@code from} bytes followed by the {@code seqno} bytes. */
    MessageIdFunction FROM_AND_SEQNO = m -> m.getFrom().concat(m.getSeqno());

    /** Content addressing, for Grapevine's own topics: SHA-256 of the data, so a re-publish is a duplicate. */
    MessageIdFunction SHA256_OF_DATA = m -> {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            m.getData().asReadOnlyByteBufferList().forEach(sha::update);
            return ByteString.copyFrom(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the JDK", e);
        }
    };
}

package io.grapevine.node.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grapevine.node.identity.Ed25519PrivateKey;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.pubsub.rpc.proto.Message;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageSigningTest {
    private final Ed25519PrivateKey alice = Ed25519PrivateKey.generate();
    private final Ed25519PrivateKey mallory = Ed25519PrivateKey.generate();

    private Message signed() {
        return MessageSigning.sign(alice, "topic", "hello".getBytes(StandardCharsets.UTF_8), 0x0102030405060708L);
    }

    @Test
    void signedMessageVerifiesAsItsAuthor() throws Exception {
        Message m = signed();
        assertThat(m.getSeqno().toByteArray()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(m.hasKey()).as("Ed25519 ids inline the key").isFalse();
        assertThat(MessageSigning.verify(m)).isEqualTo(PeerId.fromPublicKey(alice.publicKey()));
        // Survives the wire.
        assertThat(MessageSigning.verify(Message.parseFrom(m.toByteArray()))).isNotNull();
    }

    @Test
    void tamperedDataIsRejected() {
        Message forged = signed().toBuilder().setData(ByteString.copyFromUtf8("hellO")).build();
        assertThatThrownBy(() -> MessageSigning.verify(forged)).hasMessageContaining("bad signature");
    }

    @Test
    void tamperedTopicOrSeqnoIsRejected() {
        assertThatThrownBy(() -> MessageSigning.verify(signed().toBuilder().setTopic("other").build()))
                .hasMessageContaining("bad signature");
        assertThatThrownBy(() -> MessageSigning.verify(signed().toBuilder()
                .setSeqno(ByteString.copyFrom(new byte[8])).build())).hasMessageContaining("bad signature");
    }

    @Test
    void unsignedMessageIsRejected() {
        assertThatThrownBy(() -> MessageSigning.verify(signed().toBuilder().clearSignature().build()))
                .hasMessageContaining("unsigned");
        assertThatThrownBy(() -> MessageSigning.verify(signed().toBuilder().clearFrom().build()))
                .hasMessageContaining("unsigned");
    }

    @Test
    void wrongFromIsRejected() {
        // Mallory claims Alice's message as her own.
        Message stolen = signed().toBuilder()
                .setFrom(ByteString.copyFrom(PeerId.fromPublicKey(mallory.publicKey()).toBytes())).build();
        assertThatThrownBy(() -> MessageSigning.verify(stolen)).hasMessageContaining("bad signature");
        // Mallory signs but claims to be Alice, shipping her own key.
        Message byMallory = MessageSigning.sign(mallory, "topic", new byte[] {1}, 1);
        Message impersonating = byMallory.toBuilder()
                .setFrom(ByteString.copyFrom(PeerId.fromPublicKey(alice.publicKey()).toBytes()))
                .setKey(ByteString.copyFrom(mallory.publicKey().marshal())).build();
        assertThatThrownBy(() -> MessageSigning.verify(impersonating)).hasMessageContaining("key does not match");
    }

    @Test
    void malformedFieldsAreRejected() {
        assertThatThrownBy(() -> MessageSigning.verify(signed().toBuilder()
                .setSeqno(ByteString.copyFrom(new byte[4])).build())).hasMessageContaining("seqno");
        assertThatThrownBy(() -> MessageSigning.verify(signed().toBuilder()
                .setFrom(ByteString.copyFrom(new byte[] {1, 2, 3})).build())).hasMessageContaining("bad from");
        assertThatThrownBy(() -> MessageSigning.verify(signed().toBuilder()
                .setKey(ByteString.copyFrom(new byte[] {9, 9})).build())).hasMessageContaining("bad from or key");
        assertThatThrownBy(() -> MessageSigning.verify(signed().toBuilder().clearTopic().build()))
                .hasMessageContaining("topic");
    }

    @Test
    void messageIdFunctions() {
        Message m = signed();
        assertThat(MessageIdFunction.FROM_AND_SEQNO.id(m)).isEqualTo(m.getFrom().concat(m.getSeqno()));
        Message sameData = MessageSigning.sign(mallory, "topic", "hello".getBytes(StandardCharsets.UTF_8), 99);
        assertThat(MessageIdFunction.SHA256_OF_DATA.id(m)).isEqualTo(MessageIdFunction.SHA256_OF_DATA.id(sameData))
                .hasSize(32);
        assertThat(MessageIdFunction.FROM_AND_SEQNO.id(m)).isNotEqualTo(MessageIdFunction.FROM_AND_SEQNO.id(sameData));
    }

    @Test
    void signedBytesWrittenFromFieldsEqualTheRebuiltMessage() throws Exception {
        Message m = signed();
        byte[] rebuilt = m.toBuilder().clearSignature().clearKey().build().toByteArray();
        byte[] prefix = "libp2p-pubsub:".getBytes(StandardCharsets.US_ASCII);
        assertThat(MessageSigning.signedBytes(m)).startsWith(prefix).endsWith(rebuilt)
                .hasSize(prefix.length + rebuilt.length);
        // A field we do not know (number 9) is signed too, as the rebuilt message carries it.
        byte[] withUnknown = ByteString.copyFrom(m.toByteArray()).concat(ByteString.copyFrom(new byte[] {0x4a, 1, 7}))
                .toByteArray();
        Message unknown = Message.parseFrom(withUnknown);
        byte[] rebuiltUnknown = unknown.toBuilder().clearSignature().clearKey().build().toByteArray();
        assertThat(MessageSigning.signedBytes(unknown)).endsWith(rebuiltUnknown);
        assertThatThrownBy(() -> MessageSigning.verify(unknown)).hasMessageContaining("bad signature");
    }

    @Test
    void aCachedAuthorDoesNotExcuseAMismatchedKey() throws Exception {
        Message m = signed();
        assertThat(MessageSigning.verify(m)).isNotNull(); // alice's from is now cached
        Message wrongKey = m.toBuilder().setKey(ByteString.copyFrom(mallory.publicKey().marshal())).build();
        assertThatThrownBy(() -> MessageSigning.verify(wrongKey)).hasMessageContaining("key does not match from");
        Message byMallory = m.toBuilder().setFrom(ByteString.copyFrom(PeerId.fromPublicKey(mallory.publicKey())
                .toBytes())).build();
        assertThatThrownBy(() -> MessageSigning.verify(byMallory)).hasMessageContaining("bad signature");
    }
}

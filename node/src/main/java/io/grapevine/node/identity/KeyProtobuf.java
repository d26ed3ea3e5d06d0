package io.grapevine.node.identity;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Arrays;

/** The PublicKey/PrivateKey protobuf messages of the peer-ids spec, decoded strictly. */
final class KeyProtobuf {
    private KeyProtobuf() {
    }

    record Decoded(KeyType type, byte[] data) {
    }

    static byte[] marshalPublic(KeyType type, byte[] data) {
        // protobuf-lite writes fields in tag order with minimal varints: the deterministic form the spec asks for.
        return io.grapevine.node.identity.proto.PublicKey.newBuilder()
                .setType(type.toProto())
                .setData(ByteString.copyFrom(data))
                .build()
                .toByteArray();
    }

    static byte[] marshalPrivate(KeyType type, byte[] data) {
        return io.grapevine.node.identity.proto.PrivateKey.newBuilder()
                .setType(type.toProto())
                .setData(ByteString.copyFrom(data))
                .build()
                .toByteArray();
    }

    static Decoded unmarshalPublic(byte[] bytes) {
        try {
            var message = io.grapevine.node.identity.proto.PublicKey.parseFrom(bytes);
            Decoded decoded = new Decoded(KeyType.fromProto(message.getType()), message.getData().toByteArray());
            requireCanonical(bytes, marshalPublic(decoded.type(), decoded.data()));
            return decoded;
        } catch (InvalidProtocolBufferException e) {
            throw new KeyFormatException("invalid PublicKey protobuf", e);
        }
    }

    static Decoded unmarshalPrivate(byte[] bytes) {
        try {
            var message = io.grapevine.node.identity.proto.PrivateKey.parseFrom(bytes);
            Decoded decoded = new Decoded(KeyType.fromProto(message.getType()), message.getData().toByteArray());
            requireCanonical(bytes, marshalPrivate(decoded.type(), decoded.data()));
            return decoded;
        } catch (InvalidProtocolBufferException e) {
            throw new KeyFormatException("invalid PrivateKey protobuf", e);
        }
    }

    /**
     * A peer id hashes the key's bytes, so a second encoding of the same key would be a second identity: only the
     * deterministic encoding (fields in order, minimal, nothing extra) is accepted.
     */
    private static void requireCanonical(byte[] given, byte[] canonical) {
        if (!Arrays.equals(given, canonical)) {
            throw new KeyFormatException("key protobuf is not deterministically encoded");
        }
    }
}

package io.grapevine.node.identity;

/** A libp2p public key: verifies signatures and has the deterministic protobuf encoding that peer ids hash. */
public interface PublicKey {
    KeyType type();

    /** The type-specific encoding carried in the protobuf {@code Data} field. */
    byte[] raw();

    /** True when {@code signature} is this key's valid signature of {@code data}; false for any malformed input. */
    boolean verify(byte[] data, byte[] signature);

    /** The protobuf {@code PublicKey} message, encoded deterministically as the peer-ids spec requires. */
    default byte[] marshal() {
        return KeyProtobuf.marshalPublic(type(), raw());
    }
}

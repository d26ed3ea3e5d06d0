package io.grapevine.node.identity;

/** libp2p key types, with their numbers in the {@code KeyType} protobuf enum of the peer-ids spec. */
public enum KeyType {
    RSA(0),
    ED25519(1),
    SECP256K1(2),
    ECDSA(3);

    private final int number;

    KeyType(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    static KeyType fromProto(io.grapevine.node.identity.proto.KeyType type) {
        return switch (type) {
            case RSA -> RSA;
            case Ed25519 -> ED25519;
            case Secp256k1 -> SECP256K1;
            case ECDSA -> ECDSA;
        };
    }

    io.grapevine.node.identity.proto.KeyType toProto() {
        return io.grapevine.node.identity.proto.KeyType.forNumber(number);
    }
}

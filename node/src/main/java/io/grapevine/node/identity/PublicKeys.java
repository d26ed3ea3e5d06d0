package io.grapevine.node.identity;

/** Decodes marshalled {@code PublicKey} protobufs received from the network. */
public final class PublicKeys {
    /** Bounds the input before parsing; the largest accepted key (RSA 8192) marshals to about 1.1 KB. */
    public static final int MAX_MARSHALLED_LENGTH = 2048;

    private PublicKeys() {
    }

    public static PublicKey unmarshal(byte[] bytes) {
        if (bytes.length > MAX_MARSHALLED_LENGTH) {
            throw new KeyFormatException("marshalled public key longer than " + MAX_MARSHALLED_LENGTH + " bytes");
        }
        KeyProtobuf.Decoded decoded = KeyProtobuf.unmarshalPublic(bytes);
        return fromRaw(decoded.type(), decoded.data());
    }

    public static PublicKey fromRaw(KeyType type, byte[] raw) {
        return switch (type) {
            case ED25519 -> Ed25519PublicKey.fromRaw(raw);
            case SECP256K1 -> Secp256k1PublicKey.fromRaw(raw);
            case ECDSA -> EcdsaPublicKey.fromRaw(raw);
            case RSA -> RsaPublicKey.fromRaw(raw);
        };
    }
}

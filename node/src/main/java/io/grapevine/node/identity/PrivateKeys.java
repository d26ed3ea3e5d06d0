package io.grapevine.node.identity;

/** Decodes marshalled {@code PrivateKey} protobufs; only Ed25519 signing keys are supported. */
public final class PrivateKeys {
    public static final int MAX_MARSHALLED_LENGTH = 4096;

    private PrivateKeys() {
    }

    public static PrivateKey unmarshal(byte[] bytes) {
        if (bytes.length > MAX_MARSHALLED_LENGTH) {
            throw new KeyFormatException("marshalled private key longer than " + MAX_MARSHALLED_LENGTH + " bytes");
        }
        KeyProtobuf.Decoded decoded = KeyProtobuf.unmarshalPrivate(bytes);
        if (decoded.type() != KeyType.ED25519) {
            throw new KeyFormatException("unsupported private key type " + decoded.type() + "; only Ed25519 can sign");
        }
        return Ed25519PrivateKey.fromRaw(decoded.data());
    }
}

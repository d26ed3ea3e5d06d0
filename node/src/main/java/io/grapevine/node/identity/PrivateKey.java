package io.grapevine.node.identity;

/** A libp2p private key that can sign. */
public interface PrivateKey {
    KeyType type();

    byte[] sign(byte[] data);

    PublicKey publicKey();

    /** The protobuf {@code PrivateKey} message, as libp2p stores keys on disk. */
    byte[] marshal();
}

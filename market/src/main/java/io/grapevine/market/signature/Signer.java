package io.grapevine.market.signature;

/**
 * Supplied by the node: signs with the node's identity key. {@link #publicKey()} is the libp2p marshalled public key
 * (protobuf {@code PublicKey}), opaque to this module.
 */
public interface Signer {
    byte[] publicKey();

    byte[] sign(byte[] message);
}

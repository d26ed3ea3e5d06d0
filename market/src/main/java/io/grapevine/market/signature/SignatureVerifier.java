package io.grapevine.market.signature;

/**
 * Supplied by the node, which knows the key types: verifies {@code signature} over {@code message} by the marshalled
 * public key {@code publicKey}. Returns false for any key it cannot parse.
 */
@FunctionalInterface
public interface SignatureVerifier {
    boolean verify(byte[] publicKey, byte[] message, byte[] signature);
}

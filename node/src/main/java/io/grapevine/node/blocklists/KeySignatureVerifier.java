package io.grapevine.node.blocklists;

import io.grapevine.blocklist.record.SignatureVerifier;
import io.grapevine.node.identity.PublicKeys;

/** Verifies blocklist record signatures with libp2p marshalled public keys (any type the node can read). */
public final class KeySignatureVerifier implements SignatureVerifier {
    @Override
    public boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        try {
            return PublicKeys.unmarshal(publicKey).verify(message, signature);
        } catch (RuntimeException e) {
            // An unreadable key is a failed verification, not an error of ours.
            return false;
        }
    }
}

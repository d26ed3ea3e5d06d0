package io.grapevine.blocklist.record;

import io.grapevine.blocklist.codec.Sha256;

/** A record whose author signs {@link #signingBytes()}; its identity is the hash of those bytes. */
public interface SignedRecord {
    /** The author's libp2p marshalled public key (opaque here). */
    byte[] signerKey();

    /** Canonical, deterministic encoding; what the author signs and what every node hashes. */
    byte[] signingBytes();

    /** SHA-256 of the signing bytes: the record's identity and the tie-break between equal times. */
    default byte[] hash() {
        return Sha256.hash(signingBytes());
    }
}

package io.grapevine.node.blocklists;

import io.grapevine.blocklist.record.SignedRecord;
import io.grapevine.node.blocklists.proto.RecordKind;
import io.grapevine.node.identity.PrivateKey;

/** Signs blocklist records with one key: the node's identity key by default, or another the user chose. */
public final class RecordSigner {
    private final PrivateKey key;

    public RecordSigner(PrivateKey key) {
        this.key = key;
    }

    /** The signer's marshalled public key: the founder, voter or actor key inside its records. */
    public byte[] publicKey() {
        return key.publicKey().marshal();
    }

    public SignedEnvelope sign(RecordKind kind, SignedRecord record) {
        return new SignedEnvelope(kind, record.signingBytes(), key.sign(record.signingBytes()));
    }
}

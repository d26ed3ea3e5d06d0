package io.grapevine.node.blocklists;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grapevine.node.blocklists.proto.RecordKind;
import io.grapevine.node.blocklists.proto.SignedBlocklistRecord;

/**
 * A blocklist record as it travels (gossip, sync, list sharing): its kind, canonical bytes and signature. The size is
 * checked before the protobuf is parsed; the record bytes are decoded by the blocklist module's codec.
 */
public record SignedEnvelope(RecordKind kind, byte[] record, byte[] signature) {
    /** A list definition is the largest record: 1 KiB key, 4 KiB description, 64 categories of 64 bytes, plus framing. */
    public static final int MAX_BYTES = 16 * 1024;

    public byte[] encode() {
        return SignedBlocklistRecord.newBuilder().setKind(kind).setRecord(ByteString.copyFrom(record))
                .setSignature(ByteString.copyFrom(signature)).build().toByteArray();
    }

    public static SignedEnvelope decode(byte[] bytes) throws MalformedEnvelopeException {
        if (bytes.length > MAX_BYTES) {
            throw new MalformedEnvelopeException("record of " + bytes.length + " bytes exceeds " + MAX_BYTES);
        }
        SignedBlocklistRecord p;
        try {
            p = SignedBlocklistRecord.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedEnvelopeException("not a SignedBlocklistRecord: " + e.getMessage());
        }
        if (p.getKind() == RecordKind.RECORD_KIND_UNSPECIFIED || p.getKind() == RecordKind.UNRECOGNIZED) {
            throw new MalformedEnvelopeException("unknown record kind " + p.getKindValue());
        }
        if (p.getRecord().isEmpty() || p.getSignature().isEmpty()) {
            throw new MalformedEnvelopeException("record or signature missing");
        }
        return new SignedEnvelope(p.getKind(), p.getRecord().toByteArray(), p.getSignature().toByteArray());
    }

    /** Bad bytes from the network or a user: never more than a refusal with this message. */
    public static final class MalformedEnvelopeException extends Exception {
        public MalformedEnvelopeException(String message) {
            super(message);
        }
    }
}

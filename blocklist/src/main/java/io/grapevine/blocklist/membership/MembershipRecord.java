package io.grapevine.blocklist.membership;

import io.grapevine.blocklist.codec.CanonicalReader;
import io.grapevine.blocklist.codec.CanonicalWriter;
import io.grapevine.blocklist.codec.MalformedRecordException;
import io.grapevine.blocklist.list.ListDefinition;
import io.grapevine.blocklist.list.ListId;
import io.grapevine.blocklist.record.SignedRecord;

import java.util.Arrays;

/**
 * An invitation or revocation on a members-only list, signed by {@code actorKey}. Canonical bytes: string tag,
 * raw32 listId, u8 action, bytes actorKey, bytes subjectKey, i64 timeMillis.
 */
public record MembershipRecord(ListId listId, MembershipAction action, byte[] actorKey, byte[] subjectKey,
                               long timeMillis) implements SignedRecord {
    public static final String TAG = "grapevine/blocklist/membership/1";

    public MembershipRecord {
        actorKey = actorKey.clone();
        subjectKey = subjectKey.clone();
        for (byte[] k : new byte[][] {actorKey, subjectKey}) {
            if (k.length == 0 || k.length > ListDefinition.MAX_KEY) {
                throw new IllegalArgumentException("keys must be 1.." + ListDefinition.MAX_KEY + " bytes");
            }
        }
    }

    @Override
    public byte[] actorKey() {
        return actorKey.clone();
    }

    @Override
    public byte[] subjectKey() {
        return subjectKey.clone();
    }

    @Override
    public byte[] signerKey() {
        return actorKey.clone();
    }

    @Override
    public byte[] signingBytes() {
        return new CanonicalWriter().string(TAG).raw(listId.bytes()).u8(action.code).bytes(actorKey)
                .bytes(subjectKey).i64(timeMillis).toByteArray();
    }

    public static MembershipRecord decode(byte[] bytes) {
        CanonicalReader r = new CanonicalReader(bytes);
        r.expectTag(TAG);
        ListId list = ListId.of(r.raw(ListId.LENGTH));
        int action = r.u8();
        byte[] actor = r.bytes(ListDefinition.MAX_KEY, "actor key");
        byte[] subject = r.bytes(ListDefinition.MAX_KEY, "subject key");
        long time = r.i64();
        r.end();
        try {
            return new MembershipRecord(list, MembershipAction.fromCode(action), actor, subject, time);
        } catch (IllegalArgumentException e) {
            throw new MalformedRecordException("invalid membership record: " + e.getMessage());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MembershipRecord m && Arrays.equals(signingBytes(), m.signingBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(signingBytes());
    }
}

package io.grapevine.blocklist.vote;

import io.grapevine.blocklist.codec.CanonicalReader;
import io.grapevine.blocklist.codec.CanonicalWriter;
import io.grapevine.blocklist.codec.MalformedRecordException;
import io.grapevine.blocklist.list.ListDefinition;
import io.grapevine.blocklist.list.ListId;
import io.grapevine.blocklist.list.ListRules;
import io.grapevine.blocklist.record.SignedRecord;
import io.grapevine.blocklist.stamp.Stamp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A vote, signed by the voter. Canonical bytes: string tag, raw32 listId, bytes voterKey, u8 targetKind,
 * bytes targetValue, u8 action, string reason, i64 timeMillis, i64 stampNonce. The stamp covers
 * {@link #stampPayload()}: the same bytes without the trailing nonce.
 */
public record Vote(ListId listId, byte[] voterKey, Target target, VoteAction action, String reason, long timeMillis,
                   long stampNonce) implements SignedRecord {
    public static final String TAG = "grapevine/blocklist/vote/1";

    public Vote {
        voterKey = voterKey.clone();
        if (voterKey.length == 0 || voterKey.length > ListDefinition.MAX_KEY) {
            throw new IllegalArgumentException("voter key must be 1.." + ListDefinition.MAX_KEY + " bytes");
        }
        int n = reason.getBytes(StandardCharsets.UTF_8).length;
        if (n == 0 || n > ListRules.MAX_CATEGORY_BYTES) {
            throw new IllegalArgumentException("reason must be 1.." + ListRules.MAX_CATEGORY_BYTES + " bytes");
        }
    }

    /** Builds a vote and mints its stamp at {@code difficulty} (0 = no work). */
    public static Vote stamped(ListId listId, byte[] voterKey, Target target, VoteAction action, String reason,
                               long timeMillis, int difficulty) {
        Vote unstamped = new Vote(listId, voterKey, target, action, reason, timeMillis, 0);
        return unstamped.withNonce(Stamp.mint(unstamped.stampPayload(), difficulty));
    }

    public Vote withNonce(long nonce) {
        return new Vote(listId, voterKey, target, action, reason, timeMillis, nonce);
    }

    @Override
    public byte[] voterKey() {
        return voterKey.clone();
    }

    @Override
    public byte[] signerKey() {
        return voterKey.clone();
    }

    public byte[] stampPayload() {
        return body().toByteArray();
    }

    public boolean hasValidStamp(int difficulty) {
        return Stamp.verify(stampPayload(), stampNonce, difficulty);
    }

    @Override
    public byte[] signingBytes() {
        return body().i64(stampNonce).toByteArray();
    }

    private CanonicalWriter body() {
        return new CanonicalWriter().string(TAG).raw(listId.bytes()).bytes(voterKey).u8(target.kind().code)
                .bytes(target.value()).u8(action.code).string(reason).i64(timeMillis);
    }

    public static Vote decode(byte[] bytes) {
        CanonicalReader r = new CanonicalReader(bytes);
        r.expectTag(TAG);
        ListId list = ListId.of(r.raw(ListId.LENGTH));
        byte[] voter = r.bytes(ListDefinition.MAX_KEY, "voter key");
        int kind = r.u8();
        byte[] value = r.bytes(Target.MAX_VALUE, "target");
        int action = r.u8();
        String reason = r.string(ListRules.MAX_CATEGORY_BYTES, "reason");
        long time = r.i64();
        long nonce = r.i64();
        r.end();
        try {
            return new Vote(list, voter, Target.of(TargetKind.fromCode(kind), value), VoteAction.fromCode(action),
                    reason, time, nonce);
        } catch (IllegalArgumentException e) {
            throw new MalformedRecordException("invalid vote: " + e.getMessage());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vote v && Arrays.equals(signingBytes(), v.signingBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(signingBytes());
    }

    @Override
    public String toString() {
        return "Vote[" + action + " " + target + " by " + java.util.HexFormat.of().formatHex(voterKey)
                + " at " + timeMillis + "]";
    }
}

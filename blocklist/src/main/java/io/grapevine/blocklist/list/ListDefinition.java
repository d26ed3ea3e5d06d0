package io.grapevine.blocklist.list;

import io.grapevine.blocklist.codec.CanonicalReader;
import io.grapevine.blocklist.codec.CanonicalWriter;
import io.grapevine.blocklist.codec.MalformedRecordException;
import io.grapevine.blocklist.codec.Sha256;
import io.grapevine.blocklist.record.SignedRecord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The creation record of a list, signed by its founder. Its {@link #id()} is
 * SHA-256(string "grapevine/blocklist/list-id/1" || bytes founderKey || string name || SHA-256(signingBytes)).
 */
public record ListDefinition(byte[] founderKey, String name, String description, long createdAtMillis,
                             ListRules rules) implements SignedRecord {
    public static final String TAG = "grapevine/blocklist/list/1";
    public static final String ID_TAG = "grapevine/blocklist/list-id/1";
    public static final int MAX_KEY = 1024;
    public static final int MAX_NAME = 128;
    public static final int MAX_DESCRIPTION = 4096;

    public ListDefinition {
        founderKey = founderKey.clone();
        if (founderKey.length == 0 || founderKey.length > MAX_KEY) {
            throw new IllegalArgumentException("founder key must be 1.." + MAX_KEY + " bytes");
        }
        int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (nameBytes == 0 || nameBytes > MAX_NAME) {
            throw new IllegalArgumentException("name must be 1.." + MAX_NAME + " bytes");
        }
        if (description.getBytes(StandardCharsets.UTF_8).length > MAX_DESCRIPTION) {
            throw new IllegalArgumentException("description longer than " + MAX_DESCRIPTION + " bytes");
        }
    }

    @Override
    public byte[] founderKey() {
        return founderKey.clone();
    }

    @Override
    public byte[] signerKey() {
        return founderKey.clone();
    }

    @Override
    public byte[] signingBytes() {
        BlockRule b = rules.blockRule();
        CanonicalWriter w = new CanonicalWriter().string(TAG).bytes(founderKey).string(name).string(description)
                .i64(createdAtMillis).u8(rules.votingMode().code).u8(rules.stampDifficulty())
                .u32(b.minVotes()).u32(b.fractionNumerator()).u32(b.fractionDenominator())
                .i64(rules.windowMillis()).u16(rules.categories().size());
        rules.categories().forEach(w::string);
        return w.toByteArray();
    }

    public ListId id() {
        return ListId.of(Sha256.hash(new CanonicalWriter().string(ID_TAG).bytes(founderKey).string(name)
                .raw(hash()).toByteArray()));
    }

    public boolean isFounder(byte[] key) {
        return Arrays.equals(founderKey, key);
    }

    public static ListDefinition decode(byte[] bytes) {
        CanonicalReader r = new CanonicalReader(bytes);
        r.expectTag(TAG);
        byte[] founder = r.bytes(MAX_KEY, "founder key");
        String name = r.string(MAX_NAME, "name");
        String description = r.string(MAX_DESCRIPTION, "description");
        long created = r.i64();
        int mode = r.u8();
        int difficulty = r.u8();
        long min = r.u32();
        long num = r.u32();
        long den = r.u32();
        long window = r.i64();
        int count = r.u16();
        if (count > ListRules.MAX_CATEGORIES) {
            throw new MalformedRecordException("too many categories: " + count);
        }
        List<String> categories = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            categories.add(r.string(ListRules.MAX_CATEGORY_BYTES, "category"));
        }
        r.end();
        if (min > Integer.MAX_VALUE || num > Integer.MAX_VALUE || den > Integer.MAX_VALUE) {
            throw new MalformedRecordException("block rule out of range");
        }
        try {
            ListDefinition d = new ListDefinition(founder, name, description, created,
                    new ListRules(VotingMode.fromCode(mode), difficulty,
                            new BlockRule((int) min, (int) num, (int) den), window, categories));
            if (!Arrays.equals(d.signingBytes(), bytes)) {
                throw new MalformedRecordException("not in canonical form (categories must be sorted, unique)");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new MalformedRecordException("invalid list: " + e.getMessage());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ListDefinition other && Arrays.equals(signingBytes(), other.signingBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(signingBytes());
    }
}

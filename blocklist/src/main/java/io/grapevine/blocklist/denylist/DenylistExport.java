package io.grapevine.blocklist.denylist;

import io.grapevine.blocklist.vote.Target;
import io.grapevine.blocklist.vote.TargetKind;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Turns blocked targets into a denylist Kubo understands: content as {@code /ipfs/<content id>}, publishers as
 * {@code /ipns/<CIDv1 libp2p-key base32>}; with {@code doubleHash}, both as modern {@code //<b58 sha2-256
 * multihash of the b58 multihash>} entries so the list does not reveal what it blocks. Content ids that are not
 * CIDs cannot be expressed and are returned in {@link Result#skipped()}.
 */
public final class DenylistExport {
    public record Result(Denylist denylist, List<Target> skipped) {
    }

    private DenylistExport() {
    }

    public static Result export(DenylistHeader header, Collection<Target> blocked, boolean doubleHash) {
        List<DenyRule> rules = new ArrayList<>(blocked.size());
        List<Target> skipped = new ArrayList<>();
        for (Target t : blocked) {
            Cid cid;
            try {
                cid = t.kind() == TargetKind.CONTENT ? Cid.parse(t.contentId()) : Cid.ofKey(t.value());
            } catch (IllegalArgumentException e) {
                skipped.add(t);
                continue;
            }
            if (doubleHash) {
                rules.add(DenyRule.doubleHash(DoubleHash.modern(cid)));
            } else if (t.kind() == TargetKind.CONTENT) {
                rules.add(DenyRule.ipfs(t.contentId()));
            } else {
                rules.add(DenyRule.ipns(cid.toV1Base32()));
            }
        }
        return new Result(new Denylist(header, rules), skipped);
    }
}

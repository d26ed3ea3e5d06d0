package io.grapevine.blocklist.denylist;

import io.grapevine.blocklist.vote.Target;
import io.grapevine.blocklist.vote.TargetKind;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides Grapevine targets against an imported denylist. Grapevine targets are whole items (no paths), so the
 * rules that can match are: {@code /ipfs/CID} (and {@code /ipfs/CID/*}) by multihash for content ids;
 * {@code /ipns/CID} by multihash for publishers (their IPNS name is the libp2p-key CID of their key);
 * {@code //} modern sha2-256 double hashes of the b58 multihash; and {@code //} legacy sha256 anchors of
 * "CIDv1-base32/". Path rules and DNSLink names are kept for export but never match. As IPIP-383 says, the last
 * matching rule wins, so a later {@code !} rule allows and a later plain rule blocks again.
 */
public final class DenylistMatcher {
    private final Denylist denylist;
    private final Map<String, Integer> ipfsByMultihash = new HashMap<>();
    private final Map<String, Integer> ipnsByMultihash = new HashMap<>();
    private final Map<String, Integer> doubleHashes = new HashMap<>();

    public DenylistMatcher(Denylist denylist) {
        this.denylist = denylist;
        List<DenyRule> rules = denylist.rules();
        for (int i = 0; i < rules.size(); i++) {
            DenyRule r = rules.get(i);
            Integer index = i;
            switch (r.kind()) {
                case IPFS -> {
                    if (r.coversWholeSubject()) {
                        ipfsByMultihash.put(Cid.parse(r.subject()).multihashBase58(), index);
                    }
                }
                case IPNS -> {
                    if (r.coversWholeSubject()) {
                        multihashOf(r.subject()).ifPresent(mh -> ipnsByMultihash.put(mh, index));
                    }
                }
                case DOUBLE_HASH -> doubleHashes.put(r.subject(), index);
            }
        }
    }

    private static Optional<String> multihashOf(String name) {
        try {
            return Optional.of(Cid.parse(name).multihashBase58());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public Denylist denylist() {
        return denylist;
    }

    public boolean isBlocked(Target target) {
        return matchingRule(target).map(r -> !r.negated()).orElse(false);
    }

    /** The rule that decides {@code target} (the last one matching it), if any. */
    public Optional<DenyRule> matchingRule(Target target) {
        Cid cid;
        try {
            cid = target.kind() == TargetKind.CONTENT ? Cid.parse(target.contentId()) : Cid.ofKey(target.value());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String mh = cid.multihashBase58();
        int best = -1;
        Integer direct = (target.kind() == TargetKind.CONTENT ? ipfsByMultihash : ipnsByMultihash).get(mh);
        best = Math.max(best, direct == null ? -1 : direct);
        if (!doubleHashes.isEmpty()) {
            Integer modern = doubleHashes.get(DoubleHash.modern(cid));
            Integer legacy = doubleHashes.get(DoubleHash.legacy(cid));
            best = Math.max(best, Math.max(modern == null ? -1 : modern, legacy == null ? -1 : legacy));
        }
        return best < 0 ? Optional.empty() : Optional.of(denylist.rules().get(best));
    }
}

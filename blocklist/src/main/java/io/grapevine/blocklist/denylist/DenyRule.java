package io.grapevine.blocklist.denylist;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One block item. {@code subject} is the CID, IPNS name or double hash as written; {@code path} is what follows it,
 * as written ("" or starting with '/', possibly ending in '*'); {@code hints} keep their order, unknown ones too.
 */
public record DenyRule(boolean negated, RuleKind kind, String subject, String path, Map<String, String> hints) {
    public DenyRule {
        hints = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hints));
        if (kind == RuleKind.DOUBLE_HASH && !path.isEmpty()) {
            throw new IllegalArgumentException("double-hash rules have no path");
        }
    }

    public static DenyRule ipfs(String cid) {
        return new DenyRule(false, RuleKind.IPFS, cid, "", Map.of());
    }

    public static DenyRule ipns(String name) {
        return new DenyRule(false, RuleKind.IPNS, name, "", Map.of());
    }

    public static DenyRule doubleHash(String hash) {
        return new DenyRule(false, RuleKind.DOUBLE_HASH, hash, "", Map.of());
    }

    public DenyRule negate() {
        return new DenyRule(!negated, kind, subject, path, hints);
    }

    /** True when the rule covers the subject itself, not only paths under it ("", "/", "/*"). */
    public boolean coversWholeSubject() {
        return path.isEmpty() || path.equals("/") || path.equals("/*");
    }

    /** The line as written in a .deny file. */
    public String toLine() {
        StringBuilder sb = new StringBuilder();
        if (negated) {
            sb.append('!');
        }
        sb.append(switch (kind) {
            case IPFS -> "/ipfs/";
            case IPNS -> "/ipns/";
            case DOUBLE_HASH -> "//";
        }).append(subject).append(path);
        hints.forEach((k, v) -> sb.append(' ').append(k).append(':').append(v));
        return sb.toString();
    }
}

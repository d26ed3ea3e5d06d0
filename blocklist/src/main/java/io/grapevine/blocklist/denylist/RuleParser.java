package io.grapevine.blocklist.denylist;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** One block-item line: {@code [!]ITEM [hint:value]...}, validated strictly. */
final class RuleParser {
    private static final Pattern LEGACY_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final String PCHAR_EXTRA = "-._~!$&'()*+,;=:@/";

    private RuleParser() {
    }

    static DenyRule parse(String line, int lineNo) throws DenylistFormatException {
        boolean negated = line.startsWith("!");
        String[] tokens = (negated ? line.substring(1) : line).split(" ", -1);
        Map<String, String> hints = new LinkedHashMap<>();
        for (int i = 1; i < tokens.length; i++) {
            String t = tokens[i];
            int c = t.indexOf(':');
            if (c <= 0) {
                throw new DenylistFormatException(lineNo, "hint '" + t + "' is not key:value");
            }
            if (hints.put(t.substring(0, c), t.substring(c + 1)) != null) {
                throw new DenylistFormatException(lineNo, "duplicate hint '" + t.substring(0, c) + "'");
            }
        }
        String item = tokens[0];
        if (item.startsWith("//")) {
            String hash = item.substring(2);
            if (!isLegacy(hash) && !isModern(hash)) {
                throw new DenylistFormatException(lineNo,
                        "double hash is neither 64 lowercase hex characters nor a base58btc multihash");
            }
            return new DenyRule(negated, RuleKind.DOUBLE_HASH, hash, "", hints);
        }
        RuleKind kind;
        if (item.startsWith("/ipfs/")) {
            kind = RuleKind.IPFS;
        } else if (item.startsWith("/ipns/")) {
            kind = RuleKind.IPNS;
        } else {
            throw new DenylistFormatException(lineNo, "unknown rule '" + abbreviate(item)
                    + "' (expected /ipfs/, /ipns/ or //)");
        }
        String rest = item.substring(6);
        int slash = rest.indexOf('/');
        String subject = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);
        if (subject.isEmpty()) {
            throw new DenylistFormatException(lineNo, "missing " + (kind == RuleKind.IPFS ? "CID" : "IPNS name"));
        }
        if (kind == RuleKind.IPFS || !DOMAIN.matcher(subject).matches()) {
            try {
                Cid.parse(subject);
            } catch (IllegalArgumentException e) {
                throw new DenylistFormatException(lineNo, "invalid " + (kind == RuleKind.IPFS ? "CID" : "IPNS name")
                        + " '" + abbreviate(subject) + "': " + e.getMessage());
            }
        }
        checkPath(path, lineNo);
        return new DenyRule(negated, kind, subject, path, hints);
    }

    static boolean isLegacy(String hash) {
        return LEGACY_HEX.matcher(hash).matches();
    }

    static boolean isModern(String hash) {
        if (hash.isEmpty() || hash.length() > Multibase.MAX_ENCODED) {
            return false;
        }
        try {
            Cid.checkMultihash(Multibase.base58Decode(hash), 0);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** RFC 3986 path characters, %-escapes with two hex digits, '*' allowed as the final wildcard. */
    private static void checkPath(String path, int lineNo) throws DenylistFormatException {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%') {
                if (i + 2 >= path.length() || Character.digit(path.charAt(i + 1), 16) < 0
                        || Character.digit(path.charAt(i + 2), 16) < 0) {
                    throw new DenylistFormatException(lineNo, "bad %-escape in path at column " + (i + 1));
                }
                i += 2;
            } else if (!(c < 128 && (Character.isLetterOrDigit(c) || PCHAR_EXTRA.indexOf(c) >= 0))) {
                throw new DenylistFormatException(lineNo, "character '" + c + "' in path must be %-encoded");
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}

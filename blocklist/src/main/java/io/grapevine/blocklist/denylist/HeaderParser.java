package io.grapevine.blocklist.denylist;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The YAML subset used by denylist headers: top-level {@code key: scalar}, the {@code hints:} map of
 * {@code key: scalar} lines indented by spaces, comments, and plain, 'single' or "double" quoted scalars.
 * Unknown top-level fields are kept (a nested block verbatim). Anything else is refused with its line number,
 * rather than guessed at.
 */
final class HeaderParser {
    private HeaderParser() {
    }

    static DenylistHeader parse(List<String> lines) throws DenylistFormatException {
        Map<String, String> top = new LinkedHashMap<>();
        Map<String, String> hints = new LinkedHashMap<>();
        Map<String, String> custom = new LinkedHashMap<>();
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            int lineNo = i + 1;
            if (isBlankOrComment(line)) {
                i++;
                continue;
            }
            if (line.startsWith(" ") || line.startsWith("\t")) {
                throw new DenylistFormatException(lineNo, "unexpected indentation in header");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new DenylistFormatException(lineNo, "header line is not 'key: value'");
            }
            String key = line.substring(0, colon);
            if (!key.matches("[A-Za-z0-9_.-]+")) {
                throw new DenylistFormatException(lineNo, "unsupported header key '" + key + "'");
            }
            if (top.containsKey(key) || custom.containsKey(key) || (key.equals("hints") && !hints.isEmpty())) {
                throw new DenylistFormatException(lineNo, "duplicate header key '" + key + "'");
            }
            String rest = line.substring(colon + 1);
            i++;
            if (isBlankOrComment(rest)) {
                int start = i;
                while (i < lines.size() && (lines.get(i).startsWith(" ") || lines.get(i).isBlank())) {
                    i++;
                }
                if (key.equals("hints")) {
                    int indent = -1;
                    for (int j = start; j < i; j++) {
                        String l = lines.get(j);
                        if (isBlankOrComment(l)) {
                            continue;
                        }
                        String h = l.strip();
                        int lead = l.indexOf(h.charAt(0));
                        indent = indent < 0 ? lead : indent;
                        int c = h.indexOf(':');
                        if (c <= 0 || lead != indent || h.startsWith("- ")) {
                            throw new DenylistFormatException(j + 1, "hint is not a 'key: value' entry of the map");
                        }
                        String hk = h.substring(0, c);
                        if (hints.containsKey(hk)) {
                            throw new DenylistFormatException(j + 1, "duplicate hint '" + hk + "'");
                        }
                        hints.put(hk, scalar(h.substring(c + 1), j + 1));
                    }
                } else if (KNOWN.contains(key)) {
                    throw new DenylistFormatException(lineNo, "'" + key + "' must be a scalar");
                } else {
                    custom.put(key, String.join("\n", lines.subList(start, i)).stripTrailing());
                }
                continue;
            }
            String value = scalar(rest, lineNo);
            if (key.equals("hints")) {
                throw new DenylistFormatException(lineNo, "'hints' must be a map");
            }
            if (KNOWN.contains(key)) {
                top.put(key, value);
            } else {
                custom.put(key, value);
            }
        }
        int version = 1;
        if (top.containsKey("version")) {
            try {
                version = Integer.parseInt(top.get("version"));
            } catch (NumberFormatException e) {
                throw new DenylistFormatException(0, "version is not a number");
            }
            if (version != 1) {
                throw new DenylistFormatException(0, "unsupported denylist version " + version);
            }
        }
        return new DenylistHeader(version, top.getOrDefault("name", ""), top.getOrDefault("description", ""),
                top.getOrDefault("author", ""), hints, custom);
    }

    private static final List<String> KNOWN = List.of("version", "name", "description", "author");

    private static boolean isBlankOrComment(String s) {
        String t = s.strip();
        return t.isEmpty() || t.startsWith("#");
    }

    /** A scalar after "key:"; YAML requires a space after the colon unless the value is empty. */
    static String scalar(String raw, int lineNo) throws DenylistFormatException {
        if (!raw.isEmpty() && raw.charAt(0) != ' ') {
            throw new DenylistFormatException(lineNo, "expected a space after ':'");
        }
        String s = raw.strip();
        if (s.startsWith("\"")) {
            StringBuilder sb = new StringBuilder();
            int i = 1;
            for (; i < s.length() && s.charAt(i) != '"'; i++) {
                char c = s.charAt(i);
                if (c == '\\') {
                    if (++i >= s.length()) {
                        break;
                    }
                    char e = s.charAt(i);
                    sb.append(switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case '"', '\\', '/' -> e;
                        default -> throw new DenylistFormatException(lineNo, "unsupported escape \\" + e);
                    });
                } else {
                    sb.append(c);
                }
            }
            if (i >= s.length()) {
                throw new DenylistFormatException(lineNo, "unterminated double-quoted string");
            }
            checkTail(s.substring(i + 1), lineNo);
            return sb.toString();
        }
        if (s.startsWith("'")) {
            StringBuilder sb = new StringBuilder();
            int i = 1;
            while (true) {
                if (i >= s.length()) {
                    throw new DenylistFormatException(lineNo, "unterminated single-quoted string");
                }
                char c = s.charAt(i);
                if (c == '\'') {
                    if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                        sb.append('\'');
                        i += 2;
                        continue;
                    }
                    break;
                }
                sb.append(c);
                i++;
            }
            checkTail(s.substring(i + 1), lineNo);
            return sb.toString();
        }
        int comment = s.indexOf(" #");
        String plain = (comment >= 0 ? s.substring(0, comment) : s).strip();
        if (!plain.isEmpty() && "[{&*!|>%@`".indexOf(plain.charAt(0)) >= 0) {
            throw new DenylistFormatException(lineNo, "unsupported YAML construct '" + plain.charAt(0) + "'");
        }
        return plain;
    }

    private static void checkTail(String tail, int lineNo) throws DenylistFormatException {
        String t = tail.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
            throw new DenylistFormatException(lineNo, "text after a quoted string");
        }
    }
}

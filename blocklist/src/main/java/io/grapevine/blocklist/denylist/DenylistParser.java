package io.grapevine.blocklist.denylist;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Strict IPIP-383 compact denylist reader. Lines end with "\n" ("\r\n" accepted); a line may not exceed 2 MiB;
 * the header is everything before the first "---" line if that line starts within the first 1 MiB, else there is
 * no header. Comment ("#") and blank lines are skipped. The first malformed line aborts with its line number.
 */
public final class DenylistParser {
    public static final int MAX_LINE_CHARS = 2 * 1024 * 1024;
    public static final int MAX_HEADER_CHARS = 1024 * 1024;
    public static final int DEFAULT_MAX_RULES = 10_000_000;

    private final int maxRules;

    public DenylistParser() {
        this(DEFAULT_MAX_RULES);
    }

    public DenylistParser(int maxRules) {
        this.maxRules = maxRules;
    }

    public Denylist parse(Reader reader) throws IOException, DenylistFormatException {
        List<String> headerLines = new ArrayList<>();
        List<DenyRule> rules = new ArrayList<>();
        LineReader in = new LineReader(reader);
        long headerChars = 0;
        boolean inHeader = true;
        DenylistHeader header = DenylistHeader.EMPTY;
        String line;
        while ((line = in.next()) != null) {
            if (inHeader) {
                if (line.stripTrailing().equals("---")) {
                    header = HeaderParser.parse(headerLines);
                    inHeader = false;
                    headerLines.clear();
                    continue;
                }
                headerLines.add(line);
                headerChars += line.length() + 1;
                if (headerChars > MAX_HEADER_CHARS) {
                    // No separator within 1 MiB: there is no header; what we read are rules.
                    inHeader = false;
                    for (int i = 0; i < headerLines.size(); i++) {
                        addRule(rules, headerLines.get(i), i + 1);
                    }
                    headerLines.clear();
                }
                continue;
            }
            addRule(rules, line, in.lineNumber());
        }
        if (inHeader) {
            for (int i = 0; i < headerLines.size(); i++) {
                addRule(rules, headerLines.get(i), i + 1);
            }
        }
        return new Denylist(header, rules);
    }

    private void addRule(List<DenyRule> rules, String line, int lineNo) throws DenylistFormatException {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
            return;
        }
        if (!t.equals(line.stripTrailing())) {
            throw new DenylistFormatException(lineNo, "rule starts with whitespace");
        }
        if (rules.size() >= maxRules) {
            throw new DenylistFormatException(lineNo, "more than " + maxRules + " rules");
        }
        rules.add(RuleParser.parse(t, lineNo));
    }

    /** Reads lines with a hard length bound, so one endless line cannot exhaust memory. */
    private static final class LineReader {
        private final Reader reader;
        private final char[] buf = new char[8192];
        private int pos;
        private int limit;
        private int lineNumber;

        LineReader(Reader reader) {
            this.reader = reader;
        }

        int lineNumber() {
            return lineNumber;
        }

        String next() throws IOException, DenylistFormatException {
            StringBuilder sb = null;
            while (true) {
                if (pos == limit) {
                    limit = reader.read(buf);
                    pos = 0;
                    if (limit <= 0) {
                        limit = 0;
                        if (sb == null) {
                            return null;
                        }
                        lineNumber++;
                        return stripCr(sb);
                    }
                }
                if (sb == null) {
                    sb = new StringBuilder();
                }
                int start = pos;
                while (pos < limit && buf[pos] != '\n') {
                    pos++;
                }
                sb.append(buf, start, pos - start);
                if (sb.length() > MAX_LINE_CHARS) {
                    throw new DenylistFormatException(lineNumber + 1, "line longer than " + MAX_LINE_CHARS);
                }
                if (pos < limit) {
                    pos++;
                    lineNumber++;
                    return stripCr(sb);
                }
            }
        }

        private static String stripCr(StringBuilder sb) {
            int n = sb.length();
            return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
        }
    }
}

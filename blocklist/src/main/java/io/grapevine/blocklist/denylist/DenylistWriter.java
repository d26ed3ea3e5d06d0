package io.grapevine.blocklist.denylist;

import java.io.IOException;
import java.io.Writer;
import java.util.Map;

/** Writes a denylist that {@link DenylistParser} reads back to an equal {@link Denylist}. */
public final class DenylistWriter {
    private DenylistWriter() {
    }

    public static void write(Denylist list, Writer out) throws IOException {
        DenylistHeader h = list.header();
        out.write("version: " + h.version() + "\n");
        writeField(out, "name", h.name());
        writeField(out, "description", h.description());
        writeField(out, "author", h.author());
        if (!h.hints().isEmpty()) {
            out.write("hints:\n");
            for (Map.Entry<String, String> e : h.hints().entrySet()) {
                out.write("  " + e.getKey() + ": " + quote(e.getValue()) + "\n");
            }
        }
        for (Map.Entry<String, String> e : h.custom().entrySet()) {
            String v = e.getValue();
            // A nested custom block was kept verbatim (it starts with a newline-free indented line).
            if (v.startsWith(" ")) {
                out.write(e.getKey() + ":\n" + v + "\n");
            } else {
                out.write(e.getKey() + ": " + quote(v) + "\n");
            }
        }
        out.write("---\n");
        for (DenyRule r : list.rules()) {
            out.write(r.toLine());
            out.write('\n');
        }
    }

    private static void writeField(Writer out, String key, String value) throws IOException {
        if (!value.isEmpty()) {
            out.write(key + ": " + quote(value) + "\n");
        }
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}

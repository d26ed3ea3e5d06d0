package io.grapevine.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Plain-text output for people: left-aligned columns separated by two spaces. */
final class Table {
    private Table() {}

    static String render(List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) widths[i] = header.get(i).length();
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i], row.get(i).length());
        }
        StringBuilder out = new StringBuilder();
        line(out, header, widths);
        for (List<String> row : rows) line(out, row, widths);
        return out.toString();
    }

    /**
     * One titled table per array of {@code body} named in {@code sections} (e.g. "purchases", "sales"), each row the
     * elements' {@code fields} under {@code header}.
     */
    static String sections(JsonNode body, List<String> sections, List<String> header, List<String> fields) {
        StringBuilder out = new StringBuilder();
        for (String section : sections) {
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode element : body.path(section)) {
                rows.add(fields.stream().map(f -> element.path(f).asText()).toList());
            }
            out.append(section).append(":\n").append(render(header, rows));
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            if (i > 0) line.append("  ");
            line.append(cells.get(i)).append(" ".repeat(widths[i] - cells.get(i).length()));
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    /** 3725 -> "1h 2m 5s". */
    static String duration(long seconds) {
        long h = seconds / 3600, m = seconds / 60 % 60, s = seconds % 60;
        if (h > 0) return h + "h " + m + "m " + s + "s";
        if (m > 0) return m + "m " + s + "s";
        return s + "s";
    }
}

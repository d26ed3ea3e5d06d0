package io.grapevine.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/** One line of download progress: state, percent, bytes, rate, peers, ETA. */
final class ProgressLine {
    private ProgressLine() {}

    static String of(JsonNode d) {
        long done = d.path("verifiedBytes").asLong();
        JsonNode total = d.path("totalBytes");
        String percent = total.isNumber() && total.asLong() > 0
                ? String.format(Locale.ROOT, "%5.1f%%", 100.0 * done / total.asLong()) : "  ?  ";
        String bytes = bytes(done) + " / " + (total.isNumber() ? bytes(total.asLong()) : "?");
        JsonNode eta = d.path("etaSeconds");
        return d.path("state").asText() + "  " + percent + "  " + bytes + "  " + bytes(d.path("rateBytesPerSecond").asLong())
                + "/s  " + d.path("peers").asInt() + " peers  ETA " + (eta.isNumber() ? Table.duration(eta.asLong()) : "-");
    }

    /** 1536 -> "1.5 KiB". */
    static String bytes(long n) {
        if (n < 1024) return n + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        do {
            v /= 1024;
            u++;
        } while (v >= 1024 && u < units.length - 1);
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}

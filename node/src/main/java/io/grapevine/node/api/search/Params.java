package io.grapevine.node.api.search;

import io.grapevine.node.announce.AnnounceCodec;
import io.grapevine.node.announce.AnnounceFormatException;
import io.grapevine.node.api.ApiError;
import io.grapevine.node.multiformats.Cid;
import io.javalin.http.Context;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Query and path parameters, each failure a 400 that names the parameter. */
final class Params {
    private Params() {}

    static ApiError bad(String name, String why) {
        return new ApiError(400, "bad_parameter", name + ": " + why);
    }

    static Long longParam(Context ctx, String name, long min, long max) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) return null;
        try {
            long n = Long.parseLong(value.trim());
            if (n < min || n > max) throw bad(name, "must be between " + min + " and " + max);
            return n;
        } catch (NumberFormatException e) {
            throw bad(name, "not a whole number: '" + abbreviate(value) + "'");
        }
    }

    static boolean flag(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null) return false;
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "", "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw bad(name, "expected true or false");
        };
    }

    /** Repeated parameters and comma-separated values, together. */
    static Set<String> values(Context ctx, String name) {
        Set<String> out = new LinkedHashSet<>();
        for (String value : ctx.queryParams(name)) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) out.add(part.trim());
            }
        }
        if (out.size() > 64) throw bad(name, "at most 64 values");
        return out;
    }

    /** Epoch milliseconds or an ISO-8601 instant such as 2026-11-21T10:00:00Z. */
    static Long time(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) return null;
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            try {
                return Instant.parse(value.trim()).toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw bad(name, "expected epoch milliseconds or an ISO-8601 time like 2026-11-21T10:00:00Z");
            }
        }
    }

    static Cid contentId(String value) {
        try {
            Cid id = Cid.parse(value);
            AnnounceCodec.contentId(id.toBytes());
            return id;
        } catch (AnnounceFormatException | IllegalArgumentException e) {
            throw bad("contentId", "not a content id: '" + abbreviate(value) + "'");
        }
    }

    static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "...";
    }

    static List<String> strings(Object value, String name) {
        if (value == null) return List.of();
        if (!(value instanceof List<?> list)) throw bad(name, "expected a list of strings");
        for (Object o : list) if (!(o instanceof String)) throw bad(name, "expected a list of strings");
        @SuppressWarnings("unchecked") List<String> strings = (List<String>) list;
        return strings;
    }
}

package io.grapevine.node.share;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What to share and how to describe it, validated: {@link InvalidShareException} names the bad field. The title
 * defaults to the file or folder name.
 */
public record ShareRequest(Path path, String title, String description, List<String> tags, Long priceSats,
        String payout) {
    public static final int MAX_TITLE = 200;
    public static final int MAX_DESCRIPTION = 4000;
    public static final int MAX_TAGS = 32;
    public static final int MAX_TAG = 64;
    public static final int MAX_PAYOUT = 200;

    public ShareRequest {
        if (path == null) {
            throw new InvalidShareException("path", "path is required");
        }
        if (!path.isAbsolute()) {
            throw new InvalidShareException("path", "path must be absolute: " + path);
        }
        if (title == null || title.isBlank()) {
            Path name = path.normalize().getFileName();
            title = name == null ? path.toString() : name.toString();
        }
        title = text("title", title.strip(), MAX_TITLE);
        description = description == null ? "" : text("description", description.strip(), MAX_DESCRIPTION);
        List<String> clean = new ArrayList<>();
        for (String tag : tags == null ? List.<String>of() : tags) {
            String t = tag == null ? "" : tag.strip().toLowerCase(java.util.Locale.ROOT);
            if (t.isEmpty()) {
                throw new InvalidShareException("tags", "empty tag");
            }
            clean.add(text("tags", t, MAX_TAG));
        }
        tags = List.copyOf(new LinkedHashSet<>(clean));
        if (tags.size() > MAX_TAGS) {
            throw new InvalidShareException("tags", "at most " + MAX_TAGS + " tags");
        }
        if (priceSats != null && priceSats < 0) {
            throw new InvalidShareException("priceSats", "priceSats must not be negative: " + priceSats);
        }
        if (payout != null && payout.isBlank()) {
            payout = null;
        }
        if ((priceSats != null && priceSats > 0) != (payout != null)) {
            throw new InvalidShareException(payout == null ? "payout" : "priceSats",
                    "a price needs a payout address or xpub, and a payout needs a price");
        }
        if (payout != null) {
            payout = text("payout", payout.strip(), MAX_PAYOUT);
        }
    }

    private static String text(String field, String value, int max) {
        if (value.length() > max) {
            throw new InvalidShareException(field, field + " is longer than " + max + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && !(field.equals("description") && (c == '\n' || c == '\t'))) {
                throw new InvalidShareException(field, field + " contains a control character");
            }
        }
        return value;
    }
}

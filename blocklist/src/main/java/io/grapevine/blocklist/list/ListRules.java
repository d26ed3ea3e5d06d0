package io.grapevine.blocklist.list;

import io.grapevine.blocklist.stamp.Stamp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A list's rules. {@code stampDifficulty} is required of every vote on an OPEN list (0 on MEMBERS_ONLY lists);
 * votes count while {@code now - windowMillis < time}; {@code categories} are the reason codes a vote may carry
 * (sorted, unique: the canonical order).
 */
public record ListRules(VotingMode votingMode, int stampDifficulty, BlockRule blockRule, long windowMillis,
                        List<String> categories) {
    public static final int MAX_CATEGORIES = 64;
    public static final int MAX_CATEGORY_BYTES = 64;

    public ListRules {
        if (stampDifficulty < 0 || stampDifficulty > Stamp.MAX_DIFFICULTY) {
            throw new IllegalArgumentException("stamp difficulty must be 0.." + Stamp.MAX_DIFFICULTY);
        }
        if (votingMode == VotingMode.MEMBERS_ONLY && stampDifficulty != 0) {
            throw new IllegalArgumentException("members-only lists take no stamp difficulty");
        }
        if (windowMillis < 1) {
            throw new IllegalArgumentException("window must be positive");
        }
        if (categories.isEmpty() || categories.size() > MAX_CATEGORIES) {
            throw new IllegalArgumentException("a list needs 1.." + MAX_CATEGORIES + " reason categories");
        }
        SortedSet<String> sorted = new TreeSet<>(categories);
        if (sorted.size() != categories.size()) {
            throw new IllegalArgumentException("duplicate reason category");
        }
        for (String c : sorted) {
            int n = c.getBytes(StandardCharsets.UTF_8).length;
            if (n == 0 || n > MAX_CATEGORY_BYTES) {
                throw new IllegalArgumentException("reason category must be 1.." + MAX_CATEGORY_BYTES + " bytes");
            }
        }
        categories = List.copyOf(sorted);
    }
}

package io.grapevine.blocklist.policy;

import java.util.List;
import java.util.stream.Collectors;

/** Why a decision came out as it did: the local override, if any, and every followed list that has votes on it. */
public record Explanation(LocalOverride local, List<ListVerdict> lists) {
    public Explanation {
        lists = List.copyOf(lists);
    }

    public String summary() {
        String prefix = switch (local) {
            case ALLOW -> "allowed locally; ";
            case BLOCK -> "blocked locally; ";
            case NONE -> "";
        };
        if (lists.isEmpty()) {
            return prefix + "no followed list has votes on it";
        }
        return prefix + lists.stream().map(ListVerdict::describe).collect(Collectors.joining("; "));
    }
}

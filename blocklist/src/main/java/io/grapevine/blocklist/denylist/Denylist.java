package io.grapevine.blocklist.denylist;

import java.util.List;

/** A parsed compact denylist: header and block items in file order (order matters: the last matching rule wins). */
public record Denylist(DenylistHeader header, List<DenyRule> rules) {
    public Denylist {
        rules = List.copyOf(rules);
    }
}

package io.grapevine.node.blocklists;

import io.grapevine.blocklist.vote.Target;

import java.util.Set;

/**
 * What changed in the node's block decisions: targets that became blocked and that became unblocked. When
 * {@code rescan} is set (a denylist was imported or removed, whose double-hashed entries cannot be listed), listeners
 * re-check everything they hold with {@link BlockDecisions#isBlocked}.
 */
public record BlockChange(Set<Target> blocked, Set<Target> unblocked, boolean rescan) {
    public BlockChange {
        blocked = Set.copyOf(blocked);
        unblocked = Set.copyOf(unblocked);
    }

    public boolean isEmpty() {
        return blocked.isEmpty() && unblocked.isEmpty() && !rescan;
    }
}

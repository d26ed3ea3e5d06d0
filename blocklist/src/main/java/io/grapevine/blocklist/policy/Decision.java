package io.grapevine.blocklist.policy;

import io.grapevine.blocklist.vote.Target;

/** Whether this node treats {@code target} as blocked, and why. */
public record Decision(Target target, boolean blocked, Explanation explanation) {
}

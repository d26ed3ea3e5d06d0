package io.grapevine.blocklist.policy;

/** The node owner's own word on a target, which beats every list. */
public enum LocalOverride {
    NONE,
    ALLOW,
    BLOCK
}

package io.grapevine.node.announce;

import io.grapevine.node.announce.proto.Announcement;

/**
 * The blocklist hook: decides whether an otherwise valid announcement may be stored, indexed and relayed. The
 * blocklist feature supplies a real one; until then {@link #ALLOW_ALL} is wired.
 */
@FunctionalInterface
public interface AnnouncementPolicy {
    Decision allow(Announcement announcement);

    /** Allowed, or refused with a reason for logs and "why" answers. */
    record Decision(boolean allowed, String reason) {
        public static final Decision ALLOW = new Decision(true, "");

        public static Decision block(String reason) {
            return new Decision(false, reason);
        }
    }

    AnnouncementPolicy ALLOW_ALL = a -> Decision.ALLOW;
}

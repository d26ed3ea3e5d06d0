package io.grapevine.blocklist.membership;

/** The code is the byte in the canonical encoding. */
public enum MembershipAction {
    INVITE(1),
    REVOKE(2);

    public final int code;

    MembershipAction(int code) {
        this.code = code;
    }

    public static MembershipAction fromCode(int code) {
        for (MembershipAction a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown membership action " + code);
    }
}

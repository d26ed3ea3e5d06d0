package io.grapevine.blocklist.list;

/** Who may vote on a list. The code is the byte in the canonical encoding. */
public enum VotingMode {
    /** Any key, if each vote carries a proof-of-work stamp of the list's difficulty. */
    OPEN(1),
    /** Only keys that are members at the vote's time (founder, or invited by a member and not revoked). */
    MEMBERS_ONLY(2);

    public final int code;

    VotingMode(int code) {
        this.code = code;
    }

    public static VotingMode fromCode(int code) {
        for (VotingMode m : values()) {
            if (m.code == code) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown voting mode " + code);
    }
}

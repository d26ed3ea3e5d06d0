package io.grapevine.blocklist.vote;

/** A voter's position on a target; the later vote of the same voter replaces the earlier one. */
public enum VoteAction {
    BLOCK(1),
    UNBLOCK(2);

    public final int code;

    VoteAction(int code) {
        this.code = code;
    }

    public static VoteAction fromCode(int code) {
        for (VoteAction a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown vote action " + code);
    }
}

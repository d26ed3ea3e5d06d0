package io.grapevine.blocklist.vote;

/** What a vote is about. The code is the byte in the canonical encoding. */
public enum TargetKind {
    /** A content id string (CIDv1, as announced); value = its UTF-8 bytes. */
    CONTENT(1),
    /** A publisher; value = the publisher's libp2p marshalled public key. */
    PUBLISHER(2);

    public final int code;

    TargetKind(int code) {
        this.code = code;
    }

    public static TargetKind fromCode(int code) {
        for (TargetKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown target kind " + code);
    }
}

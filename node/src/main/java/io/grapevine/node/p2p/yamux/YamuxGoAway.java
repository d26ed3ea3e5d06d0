package io.grapevine.node.p2p.yamux;

/** The error codes carried in the length field of a GO_AWAY frame. */
public enum YamuxGoAway {
    NORMAL(0),
    PROTOCOL_ERROR(1),
    INTERNAL_ERROR(2);

    private final int code;

    YamuxGoAway(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The name for a received code; unknown codes are reported rather than rejected. */
    static String describe(int code) {
        for (YamuxGoAway g : values()) {
            if (g.code == code) {
                return g.name();
            }
        }
        return "unknown code " + Integer.toUnsignedString(code);
    }
}

package io.grapevine.node.p2p.ping;

/** Constants of the libp2p ping protocol (specs/ping). */
public final class Ping {
    public static final String PROTOCOL_ID = "/ipfs/ping/1.0.0";
    /** Each ping is exactly this many random bytes, echoed back unchanged. */
    public static final int PAYLOAD_SIZE = 32;

    private Ping() {
    }
}

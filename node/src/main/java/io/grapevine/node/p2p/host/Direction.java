package io.grapevine.node.p2p.host;

/** Which side opened a connection: OUTBOUND when we dialled, INBOUND when the remote did. */
public enum Direction {
    INBOUND,
    OUTBOUND
}

package io.grapevine.node.p2p.host;

/** Told when a connection becomes usable (upgraded and accepted) and when it is gone. Must not block. */
public interface ConnectionListener {
    default void opened(Connection connection) {}

    default void closed(Connection connection) {}
}

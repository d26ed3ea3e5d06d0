package io.grapevine.node.pubsub;

import java.util.List;

/** Protocol ids of the pubsub routers we speak, in preference order. */
public final class PubsubProtocols {
    public static final String MESHSUB_1_2 = "/meshsub/1.2.0";
    public static final String MESHSUB_1_1 = "/meshsub/1.1.0";
    public static final String MESHSUB_1_0 = "/meshsub/1.0.0";
    public static final String FLOODSUB = "/floodsub/1.0.0";
    public static final List<String> ALL = List.of(MESHSUB_1_2, MESHSUB_1_1, MESHSUB_1_0, FLOODSUB);

    private PubsubProtocols() {
    }

    /** Whether the peer takes part in meshes and gossip (any meshsub version). */
    public static boolean isMesh(String protocol) {
        return protocol != null && protocol.startsWith("/meshsub/");
    }

    /** v1.1 added PRUNE backoff and peer exchange. */
    public static boolean supportsPx(String protocol) {
        return MESHSUB_1_1.equals(protocol) || MESHSUB_1_2.equals(protocol);
    }

    /** v1.2 added IDONTWANT. */
    public static boolean supportsIDontWant(String protocol) {
        return MESHSUB_1_2.equals(protocol);
    }
}

package io.grapevine.node.multiformats;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The multiaddr protocols this node understands, with their codes and value sizes from the multiaddr table. */
public enum Protocol {
    IP4(0x04, "ip4", 32),
    TCP(0x06, "tcp", 16),
    UDP(0x0111, "udp", 16),
    IP6(0x29, "ip6", 128),
    DNS(0x35, "dns", Protocol.VARIABLE),
    DNS4(0x36, "dns4", Protocol.VARIABLE),
    DNS6(0x37, "dns6", Protocol.VARIABLE),
    DNSADDR(0x38, "dnsaddr", Protocol.VARIABLE),
    P2P_CIRCUIT(0x0122, "p2p-circuit", 0),
    TLS(0x01c0, "tls", 0),
    QUIC(0x01cc, "quic", 0),
    QUIC_V1(0x01cd, "quic-v1", 0),
    WEBTRANSPORT(0x01d1, "webtransport", 0),
    WS(0x01dd, "ws", 0),
    WSS(0x01de, "wss", 0),
    P2P(0x01a5, "p2p", Protocol.VARIABLE);

    /** Marks a value carried with a uvarint length prefix. */
    public static final int VARIABLE = -1;

    private static final Map<Integer, Protocol> BY_CODE = new HashMap<>();
    private static final Map<String, Protocol> BY_NAME = new HashMap<>();

    static {
        for (Protocol p : values()) {
            BY_CODE.put(p.code, p);
            BY_NAME.put(p.protocolName, p);
        }
        // The p2p protocol was first called ipfs; old addresses still use that name.
        BY_NAME.put("ipfs", P2P);
    }

    private final int code;
    private final String protocolName;
    private final int sizeBits;

    Protocol(int code, String protocolName, int sizeBits) {
        this.code = code;
        this.protocolName = protocolName;
        this.sizeBits = sizeBits;
    }

    public int code() {
        return code;
    }

    public String protocolName() {
        return protocolName;
    }

    /** Fixed value size in bits, 0 for protocols without a value, or {@link #VARIABLE}. */
    public int sizeBits() {
        return sizeBits;
    }

    public boolean hasValue() {
        return sizeBits != 0;
    }

    public static Optional<Protocol> byCode(long code) {
        return code > Integer.MAX_VALUE ? Optional.empty() : Optional.ofNullable(BY_CODE.get((int) code));
    }

    public static Optional<Protocol> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}

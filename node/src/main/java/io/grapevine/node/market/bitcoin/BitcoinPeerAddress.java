package io.grapevine.node.market.bitcoin;

import java.net.InetSocketAddress;

/** Parses a configured Bitcoin peer, {@code host:port} or {@code [v6]:port}, without resolving it yet. */
public final class BitcoinPeerAddress {
    private BitcoinPeerAddress() {
    }

    public static InetSocketAddress parse(String text) {
        if (text == null || text.isBlank() || text.length() > 300) {
            throw new IllegalArgumentException("bitcoin peer must be host:port");
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("bitcoin peer " + text + " must be host:port");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bitcoin peer " + text + " has no numeric port");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("bitcoin peer " + text + " port out of range");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }
}

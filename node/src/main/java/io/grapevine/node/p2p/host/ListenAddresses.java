package io.grapevine.node.p2p.host;

import io.grapevine.node.multiformats.Multiaddr;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Turns a bind request and the port actually bound into the addresses peers can use; a wildcard expands to each
 * interface's addresses of that family. The requested address is used, not the socket's: a JDK dual-stack socket
 * bound to 0.0.0.0 reports "::".
 */
final class ListenAddresses {
    private ListenAddresses() {}

    static List<Multiaddr> expand(InetAddress ip, int port) {
        if (!ip.isAnyLocalAddress()) {
            return List.of(Multiaddr.fromSocketAddress(new InetSocketAddress(ip, port)));
        }
        boolean v4 = ip instanceof Inet4Address;
        List<Multiaddr> out = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    boolean family = v4 ? address instanceof Inet4Address : address instanceof Inet6Address;
                    // Link-local IPv6 needs a zone that a multiaddr cannot carry portably.
                    if (family && !address.isLinkLocalAddress()) {
                        out.add(Multiaddr.fromSocketAddress(new InetSocketAddress(strip(address), port)));
                    }
                }
            }
        } catch (SocketException e) {
            // Fall back to loopback: still correct for local peers.
            out.add(Multiaddr.fromSocketAddress(
                    new InetSocketAddress(v4 ? "127.0.0.1" : "::1", port)));
        }
        return out;
    }

    /** Drops an IPv6 scope id, which Multiaddr does not represent. */
    private static InetAddress strip(InetAddress address) {
        if (address instanceof Inet6Address v6 && v6.getScopeId() != 0) {
            try {
                return InetAddress.getByAddress(v6.getAddress());
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return address;
    }
}

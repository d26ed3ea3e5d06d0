package io.grapevine.node.api;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the HTTP API listens. Loopback unless {@code allowRemote}: the API can share files and spend money, so
 * exposing it to the network must be a deliberate choice.
 */
public record ApiBinding(String host, int port, boolean allowRemote) {

    public static final String DEFAULT_HOST = "127.0.0.1";

    public ApiBinding {
        if (host == null || host.isBlank()) throw new IllegalArgumentException("bad --api: empty host");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("bad --api port " + port + ": 0 to 65535");
        if (!allowRemote && !isLoopback(host)) {
            throw new IllegalArgumentException("--api " + host + " is not a loopback address; add --api-allow-remote "
                    + "to expose the API to the network");
        }
    }

    /** 127.0.0.1 on a free port. */
    public static ApiBinding loopback() {
        return new ApiBinding(DEFAULT_HOST, 0, false);
    }

    /** Parses {@code HOST:PORT}, {@code [IPV6]:PORT} or a bare {@code PORT} (meaning 127.0.0.1). */
    public static ApiBinding parse(String text, boolean allowRemote) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("bad --api: empty");
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf("]:");
            if (close < 0) throw new IllegalArgumentException("bad --api '" + text + "': expected [IPV6]:PORT");
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                host = DEFAULT_HOST;
                port = text;
            } else if (text.indexOf(':') != colon) {
                throw new IllegalArgumentException("bad --api '" + text + "': write IPv6 hosts as [IPV6]:PORT");
            } else {
                host = text.substring(0, colon);
                port = text.substring(colon + 1);
            }
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad --api '" + text + "': port is not a number");
        }
        return new ApiBinding(host, number, allowRemote);
    }

    /** True if {@code host} is a loopback literal or a name that resolves only to loopback addresses. */
    public static boolean isLoopback(String host) {
        try {
            InetAddress[] all = InetAddress.getAllByName(host);
            for (InetAddress address : all) {
                if (!address.isLoopbackAddress()) return false;
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The host clients should use: a wildcard bind is reached on loopback from this machine. */
    String clientHost() {
        if (host.equals("0.0.0.0")) return DEFAULT_HOST;
        if (host.equals("::") || host.equals("0:0:0:0:0:0:0:0")) return "[::1]";
        return host.contains(":") ? "[" + host + "]" : host;
    }
}

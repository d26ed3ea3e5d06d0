package io.grapevine.node.multiformats;

import io.grapevine.node.identity.PeerId;
import io.netty.util.NetUtil;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/** One {@code /protocol/value} step of a multiaddr; the value is kept in its binary form. */
public final class Component {
    /** Longest DNS name (RFC 1035). */
    static final int MAX_DNS_NAME_LENGTH = 255;

    private final Protocol protocol;
    private final byte[] value;

    private Component(Protocol protocol, byte[] value) {
        this.protocol = protocol;
        this.value = value;
    }

    /** Builds a component from its binary value, validating it as the protocol requires. */
    public static Component fromBytes(Protocol protocol, byte[] value) {
        checkBinary(protocol, value);
        return new Component(protocol, value.clone());
    }

    /** Builds a component from its text value, e.g. ("ip4", "1.2.3.4"). */
    public static Component fromString(Protocol protocol, String text) {
        byte[] value = switch (protocol) {
            case IP4 -> parseIp4(text);
            case IP6 -> parseIp6(text);
            case TCP, UDP -> parsePort(text);
            case DNS, DNS4, DNS6, DNSADDR -> text.getBytes(StandardCharsets.UTF_8);
            case P2P -> PeerId.parse(text).toBytes();
            default -> {
                if (text != null) {
                    throw new InvalidMultiformatException("/" + protocol.protocolName() + " takes no value");
                }
                yield new byte[0];
            }
        };
        checkBinary(protocol, value);
        return new Component(protocol, value);
    }

    public Protocol protocol() {
        return protocol;
    }

    public byte[] value() {
        return value.clone();
    }

    /** The value as text, or null for protocols that take none. */
    public String valueString() {
        return switch (protocol) {
            case IP4, IP6 -> NetUtil.bytesToIpAddress(value);
            case TCP, UDP -> Integer.toString(((value[0] & 0xFF) << 8) | (value[1] & 0xFF));
            case DNS, DNS4, DNS6, DNSADDR -> new String(value, StandardCharsets.UTF_8);
            case P2P -> PeerId.fromBytes(value).toBase58();
            default -> null;
        };
    }

    @Override
    public String toString() {
        String text = valueString();
        return "/" + protocol.protocolName() + (text == null ? "" : "/" + text);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Component other && protocol == other.protocol && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(protocol, Arrays.hashCode(value));
    }

    private static void checkBinary(Protocol protocol, byte[] value) {
        int bits = protocol.sizeBits();
        if (bits >= 0 && value.length * 8 != bits) {
            throw new InvalidMultiformatException(
                    "/" + protocol.protocolName() + " value must be " + bits / 8 + " bytes, got " + value.length);
        }
        switch (protocol) {
            case DNS, DNS4, DNS6, DNSADDR -> checkDnsName(value);
            case P2P -> PeerId.fromBytes(value);
            default -> { }
        }
    }

    private static void checkDnsName(byte[] value) {
        if (value.length == 0 || value.length > MAX_DNS_NAME_LENGTH) {
            throw new InvalidMultiformatException("DNS name must be 1.." + MAX_DNS_NAME_LENGTH + " bytes");
        }
        String name = new String(value, StandardCharsets.UTF_8);
        if (!Arrays.equals(name.getBytes(StandardCharsets.UTF_8), value) || name.indexOf('/') >= 0) {
            throw new InvalidMultiformatException("invalid DNS name");
        }
    }

    private static byte[] parseIp4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new InvalidMultiformatException("invalid ip4 address: " + text);
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            // Leading zeros are ambiguous (octal in some parsers), so they are refused.
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (part.length() > 1 && part.charAt(0) == '0')) {
                throw new InvalidMultiformatException("invalid ip4 address: " + text);
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new InvalidMultiformatException("invalid ip4 address: " + text);
            }
            out[i] = (byte) octet;
        }
        return out;
    }

    private static byte[] parseIp6(String text) {
        byte[] bytes = text.indexOf(':') < 0 ? null : NetUtil.createByteArrayFromIpAddressString(text);
        if (bytes == null) {
            throw new InvalidMultiformatException("invalid ip6 address: " + text);
        }
        if (bytes.length == 4) {
            // Netty collapses IPv4-mapped addresses; /ip6 always carries 16 bytes.
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xFF;
            mapped[11] = (byte) 0xFF;
            System.arraycopy(bytes, 0, mapped, 12, 4);
            bytes = mapped;
        }
        return bytes;
    }

    private static byte[] parsePort(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidMultiformatException("invalid port: " + text);
        }
        int port = Integer.parseInt(text);
        if (port > 65535) {
            throw new InvalidMultiformatException("port out of range: " + text);
        }
        return new byte[] {(byte) (port >>> 8), (byte) port};
    }
}

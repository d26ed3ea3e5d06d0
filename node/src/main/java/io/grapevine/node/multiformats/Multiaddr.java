package io.grapevine.node.multiformats;

import io.grapevine.node.identity.PeerId;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** An immutable multiaddr: a list of {@link Component}s, with text and binary forms per the multiaddr spec. */
public final class Multiaddr {
    /** Bounds on encoded sizes, checked before decoding; real addresses are a few dozen bytes. */
    public static final int MAX_BYTES = 1024;
    public static final int MAX_STRING_LENGTH = 2048;

    private final List<Component> components;

    private Multiaddr(List<Component> components) {
        if (components.isEmpty()) {
            throw new InvalidMultiformatException("empty multiaddr");
        }
        this.components = List.copyOf(components);
    }

    public static Multiaddr of(List<Component> components) {
        return new Multiaddr(components);
    }

    /** Parses the text form, e.g. {@code /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW...}; {@code /ipfs/} is read as p2p. */
    public static Multiaddr parse(String text) {
        if (text.length() > MAX_STRING_LENGTH) {
            throw new InvalidMultiformatException("multiaddr text longer than " + MAX_STRING_LENGTH);
        }
        if (!text.startsWith("/")) {
            throw new InvalidMultiformatException("multiaddr must start with '/': " + text);
        }
        String body = text.endsWith("/") && text.length() > 1 ? text.substring(1, text.length() - 1) : text.substring(1);
        String[] parts = body.split("/", -1);
        List<Component> components = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String name = parts[i];
            Protocol protocol = Protocol.byName(name)
                    .orElseThrow(() -> new InvalidMultiformatException("unknown multiaddr protocol '" + name + "'"));
            String value = null;
            if (protocol.hasValue()) {
                if (++i >= parts.length) {
                    throw new InvalidMultiformatException("/" + name + " needs a value");
                }
                value = parts[i];
            }
            components.add(Component.fromString(protocol, value));
        }
        return new Multiaddr(components);
    }

    /** Decodes the binary form: each component is {@code <uvarint code>[<uvarint length>]<value>}. */
    public static Multiaddr fromBytes(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new InvalidMultiformatException("multiaddr longer than " + MAX_BYTES + " bytes");
        }
        List<Component> components = new ArrayList<>();
        int pos = 0;
        while (pos < bytes.length) {
            Varint.Decoded code = Varint.decode(bytes, pos);
            pos += code.length();
            Protocol protocol = Protocol.byCode(code.value())
                    .orElseThrow(() -> new InvalidMultiformatException("unknown multiaddr protocol code " + code.value()));
            int size;
            if (protocol.sizeBits() == Protocol.VARIABLE) {
                Varint.Decoded length = Varint.decode(bytes, pos);
                pos += length.length();
                if (length.value() > bytes.length - pos) {
                    throw new InvalidMultiformatException("/" + protocol.protocolName() + " length " + length.value()
                            + " exceeds the " + (bytes.length - pos) + " bytes left");
                }
                size = (int) length.value();
            } else {
                size = protocol.sizeBits() / 8;
                if (size > bytes.length - pos) {
                    throw new InvalidMultiformatException("truncated /" + protocol.protocolName() + " value");
                }
            }
            components.add(Component.fromBytes(protocol, Arrays.copyOfRange(bytes, pos, pos + size)));
            pos += size;
        }
        return new Multiaddr(components);
    }

    /** {@code /ip4|ip6/<address>/tcp/<port>}, or {@code /dns/<host>/tcp/<port>} for an unresolved address. */
    public static Multiaddr fromSocketAddress(InetSocketAddress address) {
        Component tcp = Component.fromString(Protocol.TCP, Integer.toString(address.getPort()));
        InetAddress ip = address.getAddress();
        Component host;
        if (ip == null) {
            host = Component.fromString(Protocol.DNS, address.getHostString());
        } else if (ip instanceof Inet4Address) {
            host = Component.fromBytes(Protocol.IP4, ip.getAddress());
        } else {
            host = Component.fromBytes(Protocol.IP6, ip.getAddress());
        }
        return new Multiaddr(List.of(host, tcp));
    }

    public List<Component> components() {
        return components;
    }

    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Component c : components) {
            out.writeBytes(Varint.encode(c.protocol().code()));
            byte[] value = c.value();
            if (c.protocol().sizeBits() == Protocol.VARIABLE) {
                out.writeBytes(Varint.encode(value.length));
            }
            out.writeBytes(value);
        }
        return out.toByteArray();
    }

    /** The peer id of a trailing {@code /p2p/<id>} component. */
    public Optional<PeerId> peerId() {
        Component last = components.getLast();
        return last.protocol() == Protocol.P2P ? Optional.of(PeerId.fromBytes(last.value())) : Optional.empty();
    }

    /** This address ending in {@code /p2p/<peer>}; refuses an address that already names another peer. */
    public Multiaddr withPeerId(PeerId peer) {
        Optional<PeerId> existing = peerId();
        if (existing.isPresent()) {
            if (existing.get().equals(peer)) {
                return this;
            }
            throw new IllegalArgumentException(this + " already names peer " + existing.get());
        }
        List<Component> list = new ArrayList<>(components);
        list.add(Component.fromBytes(Protocol.P2P, peer.toBytes()));
        return new Multiaddr(list);
    }

    /** This address without its trailing {@code /p2p/<id>} component; itself if it has none. */
    public Multiaddr withoutPeerId() {
        if (peerId().isEmpty()) {
            return this;
        }
        return new Multiaddr(components.subList(0, components.size() - 1));
    }

    /** True for {@code /ip4|ip6|dns|dns4|dns6/<host>/tcp/<port>}, optionally followed by {@code /p2p/<id>}. */
    public boolean isTcp() {
        List<Component> c = withoutPeerId().components;
        return c.size() == 2 && c.get(1).protocol() == Protocol.TCP && switch (c.get(0).protocol()) {
            case IP4, IP6, DNS, DNS4, DNS6 -> true;
            default -> false;
        };
    }

    /**
     * The TCP socket address; DNS names are resolved here (blocking), with dns4/dns6 limited to that address family.
     *
     * @throws IllegalArgumentException when this is not a TCP address ({@link #isTcp()})
     * @throws UnknownHostException when a DNS name does not resolve
     */
    public InetSocketAddress toSocketAddress() throws UnknownHostException {
        if (!isTcp()) {
            throw new IllegalArgumentException("not a TCP multiaddr: " + this);
        }
        Component host = components.get(0);
        int port = Integer.parseInt(components.get(1).valueString());
        InetAddress address = switch (host.protocol()) {
            case IP4, IP6 -> InetAddress.getByAddress(host.value());
            case DNS4 -> resolve(host.valueString(), Inet4Address.class);
            case DNS6 -> resolve(host.valueString(), Inet6Address.class);
            default -> InetAddress.getByName(host.valueString());
        };
        return new InetSocketAddress(address, port);
    }

    private static InetAddress resolve(String name, Class<? extends InetAddress> family) throws UnknownHostException {
        for (InetAddress a : InetAddress.getAllByName(name)) {
            if (family.isInstance(a)) {
                return a;
            }
        }
        throw new UnknownHostException(name + " has no " + (family == Inet4Address.class ? "IPv4" : "IPv6") + " address");
    }

    @Override
    public String toString() {
        return components.stream().map(Component::toString).collect(Collectors.joining());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Multiaddr other && components.equals(other.components);
    }

    @Override
    public int hashCode() {
        return components.hashCode();
    }
}

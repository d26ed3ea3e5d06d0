package io.grapevine.node.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grapevine.node.identity.PeerId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MultiaddrTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String PEER = "QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC";
    private static final String ED_PEER = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";

    /** Text and binary pairs as the multiaddr spec and its reference implementations give them. */
    @ParameterizedTest
    @CsvSource({
            "/ip4/127.0.0.1/udp/1234, 047f000001910204d2",
            "/ip4/127.0.0.1/tcp/4321, 047f0000010610e1",
            "/ip4/1.2.3.4/tcp/80, 0401020304060050",
            "/ip6/::1/tcp/4001, 2900000000000000000000000000000001060fa1",
            "/ip6/2001:8a0:7ac5:4201:3ac9:86ff:fe31:7095/tcp/8000, 29200108a07ac542013ac986fffe317095061f40",
            "/dns4/example.com/tcp/443, 360b6578616d706c652e636f6d0601bb",
            "/dns/localhost/tcp/1, 35096c6f63616c686f7374060001",
            "/dns6/a.b/tcp/65535, 3703612e6206ffff",
            "/ip4/1.2.3.4/udp/4001/quic-v1, 040102030491020fa1cd03",
            "/ip4/1.2.3.4/tcp/443/wss, 040102030406 01bbde03",
            "/p2p/" + PEER + ", a503221220d52ebb89d85b02a284948203a62ff28389c57c9f42beec4ec20db76a68911c0b",
    })
    void textAndBinary(String text, String hex) {
        byte[] bytes = HEX.parseHex(hex.replace(" ", ""));
        Multiaddr fromText = Multiaddr.parse(text);
        assertThat(fromText.toBytes()).isEqualTo(bytes);
        Multiaddr fromBytes = Multiaddr.fromBytes(bytes);
        assertThat(fromBytes).isEqualTo(fromText);
        assertThat(fromBytes.toString()).isEqualTo(text);
    }

    @Test
    void legacyIpfsNameReadsAsP2p() {
        Multiaddr addr = Multiaddr.parse("/ip4/1.2.3.4/tcp/4001/ipfs/" + PEER);
        assertThat(addr.toString()).isEqualTo("/ip4/1.2.3.4/tcp/4001/p2p/" + PEER);
        assertThat(addr.peerId()).contains(PeerId.parse(PEER));
    }

    @Test
    void p2pAcceptsCidForm() {
        PeerId peer = PeerId.parse(ED_PEER);
        Multiaddr addr = Multiaddr.parse("/p2p/" + peer.toCid());
        assertThat(addr.toString()).isEqualTo("/p2p/" + ED_PEER);
    }

    @Test
    void peerIdHelpers() {
        PeerId peer = PeerId.parse(ED_PEER);
        Multiaddr bare = Multiaddr.parse("/ip4/10.0.0.1/tcp/4001");
        assertThat(bare.peerId()).isEmpty();
        Multiaddr full = bare.withPeerId(peer);
        assertThat(full.toString()).isEqualTo("/ip4/10.0.0.1/tcp/4001/p2p/" + ED_PEER);
        assertThat(full.peerId()).contains(peer);
        assertThat(full.withPeerId(peer)).isSameAs(full);
        assertThat(full.withoutPeerId()).isEqualTo(bare);
        assertThat(bare.withoutPeerId()).isSameAs(bare);
        assertThatThrownBy(() -> full.withPeerId(PeerId.parse(PEER))).hasMessageContaining("already names");
        assertThat(full.components()).hasSize(3);
        assertThatThrownBy(() -> full.components().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void socketAddresses() throws Exception {
        InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 4001);
        Multiaddr addr = Multiaddr.fromSocketAddress(v4);
        assertThat(addr.toString()).isEqualTo("/ip4/127.0.0.1/tcp/4001");
        assertThat(addr.toSocketAddress()).isEqualTo(v4);
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 5);
        assertThat(Multiaddr.fromSocketAddress(v6).toString()).isEqualTo("/ip6/::1/tcp/5");
        assertThat(Multiaddr.fromSocketAddress(InetSocketAddress.createUnresolved("example.org", 80)).toString())
                .isEqualTo("/dns/example.org/tcp/80");
        assertThat(Multiaddr.parse("/dns4/localhost/tcp/7/p2p/" + ED_PEER).toSocketAddress())
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 7));
        assertThat(Multiaddr.parse("/ip4/1.2.3.4/udp/1").isTcp()).isFalse();
        assertThatThrownBy(() -> Multiaddr.parse("/ip4/1.2.3.4/udp/1").toSocketAddress())
                .hasMessageContaining("not a TCP");
    }

    @Test
    void ip4MappedIp6StaysSixteenBytes() {
        Multiaddr addr = Multiaddr.parse("/ip6/::ffff:1.2.3.4/tcp/1");
        assertThat(addr.components().get(0).value()).hasSize(16);
        assertThat(Multiaddr.fromBytes(addr.toBytes())).isEqualTo(addr);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "ip4/1.2.3.4", "/ip4", "/ip4/256.0.0.1", "/ip4/1.2.3", "/ip4/01.2.3.4",
            "/ip4/1.2.3.4.5", "/ip4/a.b.c.d", "/ip6/1.2.3.4", "/ip6/:::1", "/ip6/12345::1", "/tcp/65536",
            "/tcp/-1", "/tcp/", "/tcp/0x10", "/tcp/999999", "/foo/1", "/ip4/1.2.3.4/tcp", "/dns4/",
            "/p2p/notapeer", "/p2p/QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNK",
            "/ip4/1.2.3.4//tcp/1", "/ws/extra"})
    void rejectsMalformedText(String text) {
        assertThatThrownBy(() -> Multiaddr.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",             // empty
            "04010203",     // ip4 truncated
            "0401020304",   // fine ip4 ...
            "040102030406", // ... then a truncated tcp port
            "0601",         // truncated port
            "ff7f",         // unknown protocol code
            "80",           // truncated code varint
            "0480",         // ...
            "3505616263",   // dns length past the end
            "35ffffffff0f61", // oversized length
            "3500",         // empty dns name
            "a50303aabbcc", // p2p value not a multihash
            "8004",         // non-minimal varint code
    })
    void rejectsMalformedBinary(String hex) {
        byte[] bytes = HEX.parseHex(hex);
        if (hex.equals("0401020304")) {
            assertThat(Multiaddr.fromBytes(bytes).toString()).isEqualTo("/ip4/1.2.3.4");
            return;
        }
        assertThatThrownBy(() -> Multiaddr.fromBytes(bytes)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsOversizedInput() {
        assertThatThrownBy(() -> Multiaddr.fromBytes(new byte[Multiaddr.MAX_BYTES + 1])).hasMessageContaining("longer");
        assertThatThrownBy(() -> Multiaddr.parse("/dns/" + "a".repeat(300))).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.grapevine.node.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MultihashCidTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void sha256MultihashOfKnownInput() {
        // sha2-256("foo"): the multihash spec's example digest.
        Multihash mh = Multihash.sha256("foo".getBytes(StandardCharsets.UTF_8));
        assertThat(HEX.formatHex(mh.toBytes()))
                .isEqualTo("12202c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae");
        assertThat(Multihash.fromBytes(mh.toBytes())).isEqualTo(mh);
    }

    @Test
    void identityMultihash() {
        Multihash mh = Multihash.identity(new byte[] {1, 2, 3});
        assertThat(HEX.formatHex(mh.toBytes())).isEqualTo("0003010203");
        assertThat(Multihash.fromBytes(HEX.parseHex("0003010203")).digest()).containsExactly(1, 2, 3);
    }

    @Test
    void multihashRejectsBadInput() {
        assertThatThrownBy(() -> Multihash.fromBytes(HEX.parseHex("1220aabb"))).hasMessageContaining("length");
        assertThatThrownBy(() -> Multihash.fromBytes(HEX.parseHex("1202aabb"))).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> Multihash.fromBytes(HEX.parseHex("000301020304"))).hasMessageContaining("length");
        assertThatThrownBy(() -> Multihash.fromBytes(HEX.parseHex("12"))).hasMessageContaining("truncated");
        assertThatThrownBy(() -> Multihash.fromBytes(new byte[0])).hasMessageContaining("truncated");
        byte[] huge = new byte[3 + 200];
        huge[0] = 0x13;
        huge[1] = (byte) 0xc8;
        huge[2] = 0x01;
        assertThatThrownBy(() -> Multihash.fromBytes(huge)).hasMessageContaining("longer than");
    }

    @Test
    void cidV1RawRoundTrip() {
        // The CID spec's example: raw codec, sha2-256, base32.
        Cid cid = Cid.parse("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy");
        assertThat(cid.version()).isEqualTo(1);
        assertThat(cid.codec()).isEqualTo(Cid.RAW);
        assertThat(cid.multihash().code()).isEqualTo(Multihash.SHA2_256);
        assertThat(cid.toString()).isEqualTo("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy");
        assertThat(Cid.fromBytes(cid.toBytes())).isEqualTo(cid);
    }

    @Test
    void cidV0() {
        Cid cid = Cid.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
        assertThat(cid.version()).isZero();
        assertThat(cid.codec()).isEqualTo(Cid.DAG_PB);
        assertThat(cid.toString()).isEqualTo("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
        assertThat(Cid.fromBytes(cid.toBytes())).isEqualTo(cid);
    }

    @Test
    void libp2pKeyCid() {
        Cid cid = Cid.parse("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe");
        assertThat(cid.codec()).isEqualTo(Cid.LIBP2P_KEY);
        Cid again = Cid.v1(Cid.LIBP2P_KEY, cid.multihash());
        assertThat(again.toString()).isEqualTo("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe");
        assertThat(Cid.parse("z" + Base58.encode(cid.toBytes()))).isEqualTo(cid);
    }

    @Test
    void cidRejectsBadInput() {
        assertThatThrownBy(() -> Cid.parse("")).isInstanceOf(InvalidMultiformatException.class);
        assertThatThrownBy(() -> Cid.parse("fabcdef")).hasMessageContaining("multibase");
        assertThatThrownBy(() -> Cid.parse("b" + Base32.encode(HEX.parseHex("02551203010203"))))
                .hasMessageContaining("version");
        assertThatThrownBy(() -> Cid.parse("b" + Base32.encode(HEX.parseHex("0155"))))
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> Cid.parse("b" + "a".repeat(600))).hasMessageContaining("longer");
    }
}

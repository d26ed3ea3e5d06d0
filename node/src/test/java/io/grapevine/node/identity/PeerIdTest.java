package io.grapevine.node.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grapevine.node.multiformats.Base58;
import io.grapevine.node.multiformats.Cid;
import io.grapevine.node.multiformats.Multihash;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PeerIdTest {
    /** The examples of the peer-ids spec. */
    @Test
    void specExamples() {
        PeerId ed = PeerId.parse("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");
        assertThat(ed.toString()).isEqualTo("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA");
        PublicKey key = ed.extractPublicKey().orElseThrow();
        assertThat(key.type()).isEqualTo(KeyType.ED25519);
        assertThat(PeerId.fromPublicKey(key)).isEqualTo(ed);
        assertThat(ed.matches(key)).isTrue();

        PeerId sha = PeerId.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
        assertThat(sha.toBase58()).isEqualTo("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
        assertThat(sha.extractPublicKey()).isEmpty();

        PeerId cid = PeerId.parse("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe");
        assertThat(cid.multihash().code()).isEqualTo(Multihash.SHA2_256);
        assertThat(cid.toCid().toString()).isEqualTo("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe");
        assertThat(PeerId.parse(cid.toBase58())).isEqualTo(cid);
        assertThat(PeerId.parse(ed.toCid().toString())).isEqualTo(ed);
    }

    @Test
    void vectorKeysGiveSpecDerivedIds() throws Exception {
        // <= 42 marshalled bytes: identity multihash; else sha2-256 of the marshalled key.
        PeerId ed = PeerId.fromPublicKey(PublicKeys.unmarshal(SpecVectors.ED25519_PUBLIC));
        assertThat(ed.toBytes()).startsWith(0x00, 36).endsWith(SpecVectors.ED25519_PUBLIC);
        assertThat(ed.toBase58()).startsWith("12D3KooW");

        PeerId k1 = PeerId.fromPublicKey(PublicKeys.unmarshal(SpecVectors.SECP256K1_PUBLIC));
        assertThat(k1.toBytes()).startsWith(0x00, 37).endsWith(SpecVectors.SECP256K1_PUBLIC);
        assertThat(k1.toBase58()).startsWith("16Uiu2HAm");
        assertThat(k1.extractPublicKey().orElseThrow().marshal()).isEqualTo(SpecVectors.SECP256K1_PUBLIC);

        for (byte[] marshalled : new byte[][] {SpecVectors.ECDSA_PUBLIC, SpecVectors.RSA_PUBLIC}) {
            PeerId id = PeerId.fromPublicKey(PublicKeys.unmarshal(marshalled));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(marshalled);
            assertThat(id.toBytes()).startsWith(0x12, 0x20).endsWith(digest);
            assertThat(id.toBase58()).startsWith("Qm").hasSize(46);
            assertThat(id.extractPublicKey()).isEmpty();
        }
    }

    @Test
    void roundTripsAndEquality() {
        PeerId id = PeerId.fromPublicKey(Ed25519PrivateKey.generate().publicKey());
        assertThat(PeerId.fromBytes(id.toBytes())).isEqualTo(id).hasSameHashCodeAs(id);
        assertThat(PeerId.parse(id.toBase58())).isEqualTo(id);
        assertThat(PeerId.parse(id.toString())).isEqualTo(id);
        assertThat(id).isNotEqualTo(PeerId.fromPublicKey(Ed25519PrivateKey.generate().publicKey()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5S", "Qm0000",
            "QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5NN",
            "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy", // raw codec, not libp2p-key
            "BAFZBEIE5745RPV2M6TJYUUGYWY4D5EWRQGQQHFNF445HE3OMZPJBX5XQXE"})
    void rejectsInvalidText(String text) {
        assertThatThrownBy(() -> PeerId.parse(text)).isInstanceOf(KeyFormatException.class);
    }

    @Test
    void rejectsInvalidBytes() {
        assertThatThrownBy(() -> PeerId.fromBytes(new byte[0])).isInstanceOf(KeyFormatException.class);
        // Identity multihash longer than 42 bytes: such keys must be hashed.
        assertThatThrownBy(() -> PeerId.fromMultihash(Multihash.identity(new byte[43])))
                .isInstanceOf(KeyFormatException.class);
        // Other hash functions are not peer ids.
        assertThatThrownBy(() -> PeerId.fromMultihash(Multihash.of(0x13, new byte[64])))
                .isInstanceOf(KeyFormatException.class);
        byte[] bytes = PeerId.parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N").toBytes();
        assertThatThrownBy(() -> PeerId.fromBytes(Arrays.copyOf(bytes, 20))).isInstanceOf(KeyFormatException.class);
        assertThatThrownBy(() -> PeerId.parse("1" + Base58.encode(new byte[] {0, 2, 1, 2})))
                .isInstanceOf(KeyFormatException.class);
        // An identity id whose embedded bytes are not a key parses, but has no key to extract.
        PeerId junk = PeerId.fromMultihash(Multihash.identity(new byte[] {1, 2, 3}));
        assertThatThrownBy(junk::extractPublicKey).isInstanceOf(KeyFormatException.class);
        assertThat(Cid.parse(junk.toCid().toString()).codec()).isEqualTo(Cid.LIBP2P_KEY);
    }
}

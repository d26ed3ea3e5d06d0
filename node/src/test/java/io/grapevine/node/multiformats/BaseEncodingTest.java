package io.grapevine.node.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BaseEncodingTest {
    /** Examples from the multibase spec's test vectors and RFC 4648 section 10 (lower-cased, unpadded). */
    @ParameterizedTest
    @CsvSource({"'',''", "f,my", "fo,mzxq", "foo,mzxw6", "foob,mzxw6yq", "fooba,mzxw6ytb", "foobar,mzxw6ytboi",
            "'Decentralize everything!!',irswgzloorzgc3djpjssazlwmvzhs5dinfxgoijb"})
    void base32(String text, String encoded) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(Base32.encode(bytes)).isEqualTo(encoded);
        assertThat(Base32.decode(encoded)).isEqualTo(bytes);
    }

    @Test
    void base32RejectsBadInput() {
        assertThatThrownBy(() -> Base32.decode("MZXW6")).hasMessageContaining("character");
        assertThatThrownBy(() -> Base32.decode("mzxw6===")).hasMessageContaining("character");
        assertThatThrownBy(() -> Base32.decode("m")).hasMessageContaining("length");
        assertThatThrownBy(() -> Base32.decode("mzz")).hasMessageContaining("length");
        // "my" is "f"; "mz" sets bits past the last byte.
        assertThatThrownBy(() -> Base32.decode("mz")).hasMessageContaining("trailing bits");
    }

    /** Examples from the multibase spec (base58btc, without the 'z' prefix) and Bitcoin's base58 tests. */
    @ParameterizedTest
    @CsvSource({"'',''", "61,2g", "626262,a3gV", "00000000000000000000,1111111111",
            "446563656e7472616c697a652065766572797468696e672121,UXE7GvtEk8XTXs1GF8HSGbVA9FCX9SEBPe",
            "000000287fb4cd,111233QC4", "0000,11"})
    void base58(String hex, String encoded) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        assertThat(Base58.encode(bytes)).isEqualTo(encoded);
        assertThat(Base58.decode(encoded)).isEqualTo(bytes);
    }

    @Test
    void base58RoundTripsRandomBytes() {
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            byte[] bytes = new byte[random.nextInt(60)];
            random.nextBytes(bytes);
            if (bytes.length > 0 && random.nextBoolean()) {
                bytes[0] = 0;
            }
            assertThat(Base58.decode(Base58.encode(bytes))).isEqualTo(bytes);
            assertThat(Base32.decode(Base32.encode(bytes))).isEqualTo(bytes);
        }
    }

    @Test
    void base58RejectsBadInput() {
        assertThatThrownBy(() -> Base58.decode("0OIl")).hasMessageContaining("character");
        assertThatThrownBy(() -> Base58.decode("é")).hasMessageContaining("character");
        assertThatThrownBy(() -> Base58.decode("2".repeat(2000))).hasMessageContaining("longer");
    }
}

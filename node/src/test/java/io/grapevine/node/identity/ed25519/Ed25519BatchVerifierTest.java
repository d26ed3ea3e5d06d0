package io.grapevine.node.identity.ed25519;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class Ed25519BatchVerifierTest {
    private static final HexFormat HEX = HexFormat.of();
    private final Ed25519BatchVerifier verifier = new Ed25519BatchVerifier(new SecureRandom());

    /** RFC 8032 section 7.1: TEST 1, 2, 3 (public key, message, signature). */
    private static final String[][] RFC8032 = {
            {"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
                    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
            {"3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
                    "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
            {"fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
                    "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
    };

    private static List<Ed25519BatchVerifier.Item> rfcItems() {
        List<Ed25519BatchVerifier.Item> items = new ArrayList<>();
        for (String[] v : RFC8032) items.add(new Ed25519BatchVerifier.Item(HEX.parseHex(v[0]), HEX.parseHex(v[1]), HEX.parseHex(v[2])));
        return items;
    }

    @Test
    void rfc8032VectorsVerifySingleAndInABatch() {
        List<Ed25519BatchVerifier.Item> items = rfcItems();
        for (Ed25519BatchVerifier.Item item : items) {
            assertThat(Ed25519BatchVerifier.verifyOne(item.publicKey(), item.message(), item.signature())).isTrue();
        }
        assertThat(verifier.verify(items)).containsOnly(true).hasSize(3);
        Ed25519BatchVerifier.Item changed = new Ed25519BatchVerifier.Item(items.get(1).publicKey(), HEX.parseHex("73"), items.get(1).signature());
        assertThat(verifier.verify(List.of(items.get(0), changed, items.get(2)))).containsExactly(true, false, true);
    }

    @Test
    void basePointEncodesAsTheRfcSays() {
        assertThat(BasePoint.B.encode()).isEqualTo(BasePoint.ENCODED);
        assertThat(Signatures.times(Scalars.L, BasePoint.B).isIdentity(new ExtendedPoint.Temp())).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"1,1", "2,1", "7,1", "64,1", "128,1", "300,1", "2,2", "7,7", "64,64", "128,128", "300,300", "300,10"})
    void bouncyCastleSignaturesVerify(int n, int keys) {
        List<Ed25519BatchVerifier.Item> items = Signatures.honest(n, keys, new Random(n * 31L + keys));
        assertThat(verifier.verify(items)).hasSize(n).containsOnly(true);
        for (Ed25519BatchVerifier.Item item : items.subList(0, Math.min(n, 20))) {
            assertThat(Ed25519BatchVerifier.verifyOne(item.publicKey(), item.message(), item.signature())).isTrue();
        }
    }

    @Test
    void nullsAreFalseNotExceptions() {
        Ed25519BatchVerifier.Item good = Signatures.honest(1, 1, new Random(3)).get(0);
        List<Ed25519BatchVerifier.Item> items = new ArrayList<>();
        items.add(good);
        items.add(null);
        items.add(new Ed25519BatchVerifier.Item(null, good.message(), good.signature()));
        items.add(new Ed25519BatchVerifier.Item(good.publicKey(), null, good.signature()));
        items.add(new Ed25519BatchVerifier.Item(good.publicKey(), good.message(), null));
        items.add(good);
        assertThat(verifier.verify(items)).containsExactly(true, false, false, false, false, true);
        assertThat(Ed25519BatchVerifier.verifyOne(null, good.message(), good.signature())).isFalse();
    }

    @Test
    void emptyBatch() {
        assertThat(verifier.verify(List.of())).isEmpty();
    }
}

package io.grapevine.node.identity.ed25519;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** Each way a signature can be bad is refused by the single rule and, in a batch of 100, located exactly. */
class Ed25519RejectionTest {
    private static final HexFormat HEX = HexFormat.of();
    private final Ed25519BatchVerifier verifier = new Ed25519BatchVerifier(new SecureRandom());
    private final Random random = new Random(5);

    private static Ed25519BatchVerifier.Item flip(Ed25519BatchVerifier.Item item, int part, int bit) {
        byte[] pk = item.publicKey().clone(), msg = item.message().clone(), sig = item.signature().clone();
        byte[] target = part == 0 ? pk : part == 1 ? msg : sig;
        target[bit / 8] ^= (byte) (1 << (bit % 8));
        return new Ed25519BatchVerifier.Item(pk, msg, sig);
    }

    private static Ed25519BatchVerifier.Item withSig(Ed25519BatchVerifier.Item item, byte[] sig) {
        return new Ed25519BatchVerifier.Item(item.publicKey(), item.message(), sig);
    }

    /** Refused alone, and the only false in a batch of 100 (many keys, then one key). */
    private void refusedAndLocated(UnaryOperator<Ed25519BatchVerifier.Item> corrupt) {
        for (int keys : new int[]{100, 1}) {
            List<Ed25519BatchVerifier.Item> items = new ArrayList<>(Signatures.honest(100, keys, random));
            int bad = random.nextInt(100);
            items.set(bad, corrupt.apply(items.get(bad)));
            Ed25519BatchVerifier.Item b = items.get(bad);
            assertThat(Ed25519BatchVerifier.verifyOne(b.publicKey(), b.message(), b.signature())).isFalse();
            assertThat(Signatures.bouncyCastle(b)).isFalse();
            boolean[] result = verifier.verify(items);
            for (int i = 0; i < 100; i++) assertThat(result[i]).as("item %d (bad %d)", i, bad).isEqualTo(i != bad);
        }
    }

    /** Bad items in both halves, and a batch of bad items only: each item still gets its own verdict. */
    @Test
    void denseBadItemsAreEachLocated() {
        for (int bad : new int[]{2, 3, 50, 100}) {
            List<Ed25519BatchVerifier.Item> items = new ArrayList<>(Signatures.honest(100, 10, random));
            boolean[] expected = new boolean[100];
            java.util.Arrays.fill(expected, true);
            for (int i = 0; i < bad; i++) {
                int at = i == 0 ? 0 : i == 1 ? 99 : random.nextInt(100);
                items.set(at, flip(items.get(at), 2, 256 + random.nextInt(250)));
                expected[at] = false;
            }
            assertThat(verifier.verify(items)).containsExactly(expected);
        }
    }

    @Test
    void flippedBitInR() {
        refusedAndLocated(item -> flip(item, 2, random.nextInt(255)));
    }

    @Test
    void flippedBitInS() {
        refusedAndLocated(item -> flip(item, 2, 256 + random.nextInt(250)));
    }

    @Test
    void flippedBitInA() {
        refusedAndLocated(item -> flip(item, 0, random.nextInt(255)));
    }

    @Test
    void flippedBitInMessage() {
        refusedAndLocated(item -> {
            Ed25519BatchVerifier.Item longer = new Ed25519BatchVerifier.Item(item.publicKey(), new byte[]{1, 2, 3}, item.signature());
            return flip(longer, 1, random.nextInt(24));
        });
    }

    @Test
    void sPlusL() {
        refusedAndLocated(item -> {
            byte[] sig = item.signature().clone();
            BigInteger s = Scalars.fromLittleEndian(sig, 32, 32).add(Scalars.L);
            System.arraycopy(Scalars.toLittleEndian(s, 32), 0, sig, 32, 32);
            return withSig(item, sig);
        });
    }

    @Test
    void rNotOnTheCurve() {
        byte[] offCurve = offCurveEncoding();
        refusedAndLocated(item -> {
            byte[] sig = item.signature().clone();
            System.arraycopy(offCurve, 0, sig, 0, 32);
            return withSig(item, sig);
        });
    }

    @Test
    void wrongLengths() {
        refusedAndLocated(item -> withSig(item, new byte[63]));
        refusedAndLocated(item -> new Ed25519BatchVerifier.Item(new byte[31], item.message(), item.signature()));
    }

    /** Small-order keys "sign" anything: with R = identity and s = 0 the equation holds for every message. */
    @Test
    void smallOrderKeysAreRefused() {
        for (String key : new String[]{
                "0100000000000000000000000000000000000000000000000000000000000000", // identity
                "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // (0, -1), order 2
                "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"}) { // order 8
            byte[] a = HEX.parseHex(key);
            assertThat(DecodedKey.decode(a)).isNotNull();
            assertThat(DecodedKey.decode(a).smallOrder).isTrue();
            byte[] sig = new byte[64];
            sig[0] = 1; // R = identity, s = 0
            refusedAndLocated(item -> new Ed25519BatchVerifier.Item(a, item.message(), sig));
        }
    }

    @Test
    void nonCanonicalEncodingsAreRefused() {
        // y = p + t for the small t that are points: the same point as t, refused in its non-canonical form.
        BigInteger p = Field.P;
        int found = 0;
        for (int t = 0; t < 19; t++) {
            byte[] canonical = Scalars.toLittleEndian(BigInteger.valueOf(t), 32);
            if (PointDecoder.decode(canonical, 0) == null) continue;
            found++;
            byte[] alias = Scalars.toLittleEndian(p.add(BigInteger.valueOf(t)), 32);
            assertThat(PointDecoder.decode(alias, 0)).isNull();
            assertThat(DecodedKey.decode(alias)).isNull();
            refusedAndLocated(item -> new Ed25519BatchVerifier.Item(alias, item.message(), item.signature()));
            refusedAndLocated(item -> {
                byte[] sig = item.signature().clone();
                System.arraycopy(alias, 0, sig, 0, 32);
                return withSig(item, sig);
            });
        }
        assertThat(found).isPositive();
        // x = 0 with the sign bit set: y = 1 and y = -1 have x = 0.
        byte[] negZero = HEX.parseHex("0100000000000000000000000000000000000000000000000000000000000080");
        assertThat(PointDecoder.decode(negZero, 0)).isNull();
        assertThat(PointDecoder.decode(HEX.parseHex("0100000000000000000000000000000000000000000000000000000000000000"), 0)).isNotNull();
    }

    @Test
    void theOrder8PointHasOrder8() {
        ExtendedPoint t = PointDecoder.decode(HEX.parseHex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"), 0);
        ExtendedPoint.Temp tmp = new ExtendedPoint.Temp();
        assertThat(Signatures.times(BigInteger.valueOf(4), t).isIdentity(tmp)).isFalse();
        assertThat(Signatures.times(BigInteger.valueOf(8), t).isIdentity(tmp)).isTrue();
    }

    /** A 32-byte y (canonical) for which no x exists. */
    static byte[] offCurveEncoding() {
        for (int y = 2; ; y++) {
            byte[] enc = Scalars.toLittleEndian(BigInteger.valueOf(y), 32);
            if (PointDecoder.decode(enc, 0) == null) return enc;
        }
    }
}

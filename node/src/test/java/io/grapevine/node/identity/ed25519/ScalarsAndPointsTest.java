package io.grapevine.node.identity.ed25519;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The building blocks: NAF digits, canonical s, point encoding round trips and the group law against scalars. */
class ScalarsAndPointsTest {
    private final Random random = new Random(42);

    @Test
    void wnafDigitsAreOddBoundedAndSumToTheScalar() {
        for (int w : new int[]{5, 6, 8}) {
            for (int i = 0; i < 200; i++) {
                BigInteger k = i == 0 ? BigInteger.ZERO : i == 1 ? Scalars.L.subtract(BigInteger.ONE) : new BigInteger(253, random);
                byte[] naf = Scalars.wnaf(k, w);
                BigInteger sum = BigInteger.ZERO;
                int lastNonZero = -w;
                for (int bit = naf.length - 1; bit >= 0; bit--) {
                    int d = naf[bit];
                    if (d != 0) {
                        assertThat(d & 1).isEqualTo(1);
                        assertThat(Math.abs(d)).isLessThan(1 << (w - 1));
                    }
                    sum = sum.shiftLeft(1).add(BigInteger.valueOf(d));
                }
                for (int bit = 0; bit < naf.length; bit++) {
                    if (naf[bit] == 0) continue;
                    assertThat(bit - lastNonZero).as("nonzero digits at least w apart").isGreaterThanOrEqualTo(w);
                    lastNonZero = bit;
                }
                assertThat(sum).isEqualTo(k);
            }
        }
    }

    @Test
    void sMustBeBelowL() {
        byte[] sig = new byte[64];
        System.arraycopy(Scalars.toLittleEndian(Scalars.L.subtract(BigInteger.ONE), 32), 0, sig, 32, 32);
        assertThat(Scalars.canonicalS(sig)).isEqualTo(Scalars.L.subtract(BigInteger.ONE));
        System.arraycopy(Scalars.toLittleEndian(Scalars.L, 32), 0, sig, 32, 32);
        assertThat(Scalars.canonicalS(sig)).isNull();
    }

    @Test
    void multiplesOfBRoundTripAndObeyTheGroupLaw() {
        for (int i = 0; i < 50; i++) {
            BigInteger a = new BigInteger(252, random), b = new BigInteger(252, random);
            ExtendedPoint pa = Signatures.times(a, BasePoint.B), pb = Signatures.times(b, BasePoint.B);
            byte[] enc = pa.encode();
            assertThat(PointDecoder.decode(enc, 0).encode()).isEqualTo(enc);
            // [a]B + [b]B = [a + b]B, and doubling agrees with adding a point to itself.
            assertThat(Signatures.sum(pa, pb).encode()).isEqualTo(Signatures.times(a.add(b).mod(Scalars.L), BasePoint.B).encode());
            ExtendedPoint twice = new ExtendedPoint();
            twice.set(pa);
            twice.twice(new ExtendedPoint.Temp());
            assertThat(twice.encode()).isEqualTo(Signatures.sum(pa, pa).encode());
            ExtendedPoint back = Signatures.sum(pa, pb);
            back.add(CachedPoint.of(pb), true, new ExtendedPoint.Temp());
            assertThat(back.encode()).isEqualTo(enc);
        }
    }

    @Test
    void affineAndProjectiveTablesAgree() {
        ExtendedPoint p = Signatures.times(new BigInteger(252, random), BasePoint.B);
        ExtendedPoint.Temp tmp = new ExtendedPoint.Temp();
        CachedPoint[] affine = OddMultiples.of(p, 6, true, tmp), projective = OddMultiples.of(p, 6, false, tmp);
        for (int i = 0; i < affine.length; i++) {
            ExtendedPoint viaAffine = ExtendedPoint.identity(), viaProjective = ExtendedPoint.identity();
            viaAffine.add(affine[i], false, tmp);
            viaProjective.add(projective[i], false, tmp);
            assertThat(viaAffine.encode()).isEqualTo(viaProjective.encode())
                    .isEqualTo(Signatures.times(BigInteger.valueOf(2L * i + 1), p).encode());
        }
    }
}

package io.grapevine.node.identity.ed25519;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Signatures with torsion in R (where cofactored and cofactorless rules differ), and that batch and single agree. */
class Ed25519TorsionAndFuzzTest {
    private static final HexFormat HEX = HexFormat.of();
    private final Ed25519BatchVerifier verifier = new Ed25519BatchVerifier(new SecureRandom());

    /**
     * R with a small-order component added, by a signer who knows the secret scalar: it passes the cofactored equation
     * (ours, and BouncyCastle 1.83's), not a cofactorless one; batch and single agree.
     */
    @Test
    void torsionInRIsAccepted() throws Exception {
        Random random = new Random(8);
        List<ExtendedPoint> torsion = List.of(
                PointDecoder.decode(HEX.parseHex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"), 0),
                PointDecoder.decode(HEX.parseHex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"), 0));
        List<Ed25519BatchVerifier.Item> items = new ArrayList<>(Signatures.honest(50, 5, random));
        List<Integer> twisted = new ArrayList<>();
        for (ExtendedPoint t : torsion) {
            BigInteger a = new BigInteger(250, random), r = new BigInteger(250, random);
            Ed25519BatchVerifier.Item item = Signatures.signWithTorsion(a, r, t, "torsion".getBytes());
            // BouncyCastle 1.83's verify multiplies by the cofactor too (its Straus ends in doublings), so it agrees.
            assertThat(Signatures.bouncyCastle(item)).isTrue();
            assertThat(Ed25519BatchVerifier.verifyOne(item.publicKey(), item.message(), item.signature())).isTrue();
            Ed25519BatchVerifier.Item clean = Signatures.signWithTorsion(a, r, ExtendedPoint.identity(), "torsion".getBytes());
            assertThat(Signatures.cofactorless(item)).isFalse();
            assertThat(Signatures.bouncyCastle(clean)).isTrue(); // the same construction without torsion is an honest signature
            assertThat(Signatures.cofactorless(clean)).isTrue();
            int at = random.nextInt(items.size());
            items.add(at, item);
            twisted.add(at);
        }
        assertThat(verifier.verify(items)).containsOnly(true);
        assertThat(verifier.verify(List.of(items.get(twisted.get(1))))).containsExactly(true);
    }

    /** 2,000 items, honest or corrupted in assorted ways: batch == single for each, and == BouncyCastle. */
    @Test
    void batchAgreesWithSingleAndBouncyCastle() {
        Random random = new Random(2000);
        List<Ed25519BatchVerifier.Item> items = new ArrayList<>(Signatures.honest(2000, 40, random));
        for (int i = 0; i < items.size(); i++) {
            if (random.nextInt(4) != 0) continue; // a quarter corrupted
            Ed25519BatchVerifier.Item it = items.get(i);
            byte[] pk = it.publicKey().clone(), msg = it.message().clone(), sig = it.signature().clone();
            switch (random.nextInt(5)) {
                case 0 -> pk[random.nextInt(32)] ^= (byte) (1 << random.nextInt(8));
                case 1 -> sig[random.nextInt(64)] ^= (byte) (1 << random.nextInt(8));
                case 2 -> msg = new byte[]{(byte) random.nextInt()};
                case 3 -> {
                    BigInteger s = Scalars.fromLittleEndian(sig, 32, 32).add(Scalars.L);
                    System.arraycopy(Scalars.toLittleEndian(s, 32), 0, sig, 32, 32);
                }
                default -> random.nextBytes(sig);
            }
            items.set(i, new Ed25519BatchVerifier.Item(pk, msg, sig));
        }
        int from = 0, rejected = 0;
        while (from < items.size()) { // batches of assorted sizes
            int to = Math.min(items.size(), from + 1 + random.nextInt(300));
            List<Ed25519BatchVerifier.Item> batch = items.subList(from, to);
            boolean[] result = verifier.verify(batch);
            for (int i = 0; i < batch.size(); i++) {
                Ed25519BatchVerifier.Item it = batch.get(i);
                boolean single = Ed25519BatchVerifier.verifyOne(it.publicKey(), it.message(), it.signature());
                assertThat(result[i]).as("item %d", from + i).isEqualTo(single);
                assertThat(single).as("item %d vs BouncyCastle", from + i).isEqualTo(Signatures.bouncyCastle(it));
                if (!single) rejected++;
            }
            from = to;
        }
        assertThat(rejected).isBetween(300, 700);
    }
}

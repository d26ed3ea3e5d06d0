package io.grapevine.node.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SortedSyncIndexTest {
    private static SyncKey key(Random random, int times) {
        byte[] id = new byte[32];
        random.nextBytes(id);
        return SyncKey.of(random.nextInt(times), id);
    }

    /** The fingerprint from its definition: BigInteger sum mod 2^256, varint count, SHA-256, 16 bytes. */
    private static byte[] expected(List<SyncKey> keys) {
        Fingerprint.Accumulator reference = new Fingerprint.Accumulator();
        BigInteger sum = BigInteger.ZERO;
        for (SyncKey k : keys) {
            sum = sum.add(new BigInteger(1, k.id()));
            reference.add(k);
        }
        sum = sum.mod(BigInteger.ONE.shiftLeft(256));
        byte[] raw = sum.toByteArray();
        byte[] word = new byte[32];
        int n = Math.min(32, raw.length);
        System.arraycopy(raw, raw.length - n, word, 32 - n, n);
        try {
            var out = new java.io.ByteArrayOutputStream();
            long c = keys.size();
            while ((c & ~0x7fL) != 0) {
                out.write((int) ((c & 0x7f) | 0x80));
                c >>>= 7;
            }
            out.write((int) c);
            out.write(word);
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(out.toByteArray());
            byte[] fp = java.util.Arrays.copyOf(digest, 16);
            assertThat(reference.fingerprint()).isEqualTo(fp);
            return fp;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void sumCarriesAcrossAllWordsLikeA256BitNumber() {
        byte[] ones = new byte[32];
        java.util.Arrays.fill(ones, (byte) 0xff);
        byte[] one = new byte[32];
        one[31] = 1;
        List<SyncKey> keys = List.of(SyncKey.of(1, ones), SyncKey.of(2, ones), SyncKey.of(3, one));
        expected(keys); // asserts the accumulator against BigInteger arithmetic
    }

    @Test
    void countsFingerprintsAndListsRangesLikeASortedSet() {
        Random random = new Random(7);
        SortedSyncIndex index = new SortedSyncIndex();
        TreeSet<SyncKey> reference = new TreeSet<>();
        for (int i = 0; i < 5000; i++) {
            SyncKey k = key(random, 3000); // many equal times: ids decide the order
            assertThat(index.add(k)).isEqualTo(reference.add(k));
        }
        List<SyncKey> some = new ArrayList<>(reference);
        for (int i = 0; i < 1500; i++) {
            SyncKey k = some.get(random.nextInt(some.size()));
            assertThat(index.remove(k)).isEqualTo(reference.remove(k));
        }
        assertThat(index.add(reference.first())).isFalse();
        assertThat(index.size()).isEqualTo(reference.size());
        assertThat(index.keys(SyncKey.MIN, SyncKey.MAX, 0, Integer.MAX_VALUE)).containsExactlyElementsOf(reference);
        for (int i = 0; i < 300; i++) {
            SyncKey a = key(random, 3000);
            SyncKey b = key(random, 3000);
            SyncKey lo = a.compareTo(b) <= 0 ? a : b;
            SyncKey hi = a.compareTo(b) <= 0 ? b : a;
            List<SyncKey> in = new ArrayList<>(reference.subSet(lo, true, hi, false));
            assertThat(index.count(lo, hi)).isEqualTo(in.size());
            assertThat(index.fingerprint(lo, hi)).isEqualTo(expected(in));
            int offset = random.nextInt(in.size() + 1);
            assertThat(index.keys(lo, hi, offset, 7)).isEqualTo(in.subList(offset, Math.min(in.size(), offset + 7)));
        }
        assertThat(index.count(SyncKey.MAX, SyncKey.MIN)).isZero();
    }

    @Test
    void separatorLiesBetweenNeighboursAndIsShort() {
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        a[0] = 5;
        b[0] = 5;
        b[1] = 9;
        b[20] = 1;
        SyncKey x = SyncKey.of(10, a);
        SyncKey y = SyncKey.of(10, b);
        SyncKey s = SyncKey.separator(x, y);
        assertThat(s.compareTo(x)).isPositive();
        assertThat(s.compareTo(y)).isNotPositive();
        assertThat(s.id()[20]).isZero();
        SyncKey t = SyncKey.separator(x, SyncKey.of(11, a));
        assertThat(t.time()).isEqualTo(11);
        assertThat(t.id()).isEqualTo(new byte[32]);
    }
}

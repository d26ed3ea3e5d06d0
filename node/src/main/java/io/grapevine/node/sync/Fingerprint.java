package io.grapevine.node.sync;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A range's fingerprint: the first 16 bytes of SHA-256(uvarint(count) || sum of the ids mod 2^256, 32 bytes
 * big-endian). The sum makes fingerprints of adjacent ranges combine by addition, so an index can keep partial sums;
 * hashing with the count keeps ranges with equal sums but different sizes apart.
 */
public final class Fingerprint {
    public static final int BYTES = 16;

    private Fingerprint() {
    }

    /** A running count and 256-bit sum of ids. */
    public static final class Accumulator {
        private long count;
        private long s0;
        private long s1;
        private long s2;
        private long s3;

        public void add(SyncKey key) {
            add(1, key.w0, key.w1, key.w2, key.w3);
        }

        void add(long n, long a0, long a1, long a2, long a3) {
            count += n;
            long r3 = s3 + a3;
            long c = Long.compareUnsigned(r3, s3) < 0 ? 1 : 0;
            long r2 = s2 + a2 + c;
            c = carry(s2, a2, c, r2);
            long r1 = s1 + a1 + c;
            c = carry(s1, a1, c, r1);
            s0 = s0 + a0 + c;
            s1 = r1;
            s2 = r2;
            s3 = r3;
        }

        void add(Accumulator other) {
            add(other.count, other.s0, other.s1, other.s2, other.s3);
        }

        private static long carry(long x, long y, long carryIn, long result) {
            // unsigned overflow of x + y + carryIn
            return (Long.compareUnsigned(result, x) < 0 || (carryIn == 1 && result == x)) ? 1 : 0;
        }

        public long count() {
            return count;
        }

        /** The 16-byte fingerprint of what was added. */
        public byte[] fingerprint() {
            byte[] input = new byte[10 + 32];
            int n = 0;
            long v = count;
            while ((v & ~0x7fL) != 0) {
                input[n++] = (byte) ((v & 0x7f) | 0x80);
                v >>>= 7;
            }
            input[n++] = (byte) v;
            long[] w = {s0, s1, s2, s3};
            for (int i = 0; i < 32; i++) {
                input[n++] = (byte) (w[i >>> 3] >>> (56 - 8 * (i & 7)));
            }
            return Arrays.copyOf(sha256().digest(Arrays.copyOf(input, n)), BYTES);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

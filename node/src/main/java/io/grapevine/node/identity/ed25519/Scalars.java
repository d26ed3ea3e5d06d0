package io.grapevine.node.identity.ed25519;

import java.math.BigInteger;

/** Scalars mod L, the prime order of the base point, and their width-w non-adjacent forms. */
final class Scalars {
    /** L = 2^252 + 27742317777372353535851937790883648493. */
    static final BigInteger L = BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));
    /** Digits of a NAF: scalars are below 2^253, so a carry can reach bit 253 at most. */
    static final int DIGITS = 256;

    private Scalars() {}

    static BigInteger fromLittleEndian(byte[] b, int off, int len) {
        byte[] be = new byte[len];
        for (int i = 0; i < len; i++) be[i] = b[off + len - 1 - i];
        return new BigInteger(1, be);
    }

    static byte[] toLittleEndian(BigInteger v, int len) {
        byte[] be = v.toByteArray();
        byte[] le = new byte[len];
        for (int i = 0; i < be.length && i < len; i++) le[i] = be[be.length - 1 - i];
        return le;
    }

    /** s of a signature (bytes 32..63), or null when s >= L (RFC 8032 5.1.7 refuses non-canonical s). */
    static BigInteger canonicalS(byte[] sig) {
        BigInteger s = fromLittleEndian(sig, 32, 32);
        return s.compareTo(L) < 0 ? s : null;
    }

    /**
     * The width-w NAF of 0 <= k < 2^253: DIGITS signed digits, each zero or odd with |d| < 2^(w-1), k = sum d_i 2^i.
     * Scans the scalar as 64-bit words (no BigInteger bit tests).
     */
    static byte[] wnaf(BigInteger k, int w) {
        long[] words = new long[5];
        byte[] le = toLittleEndian(k, 32);
        for (int i = 0; i < 32; i++) words[i >>> 3] |= (le[i] & 0xFFL) << (8 * (i & 7));
        byte[] naf = new byte[DIGITS];
        int width = 1 << w;
        int mask = width - 1;
        int carry = 0;
        int pos = 0;
        while (pos < DIGITS) {
            int idx = pos >>> 6;
            int bit = pos & 63;
            long buf = bit < 64 - w ? words[idx] >>> bit : (words[idx] >>> bit) | (words[idx + 1] << (64 - bit));
            int window = carry + (int) (buf & mask);
            if ((window & 1) == 0) {
                pos++;
                continue;
            }
            if (window < width / 2) {
                carry = 0;
                naf[pos] = (byte) window;
            } else {
                carry = 1;
                naf[pos] = (byte) (window - width);
            }
            pos += w;
        }
        return naf;
    }
}

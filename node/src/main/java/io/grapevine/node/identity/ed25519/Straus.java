package io.grapevine.node.identity.ed25519;

/**
 * Multi-scalar multiplication sum k_i P_i by interleaved width-w NAFs (Straus): one shared doubling per bit and one
 * table addition per nonzero digit of any scalar. The terms bring their NAF and odd-multiples table.
 */
final class Straus {
    private Straus() {}

    /** Whether any term adds at this bit (the doubling before it must then produce T). */
    private static boolean anyDigit(byte[][] nafs, int count, int bit) {
        for (int i = 0; i < count; i++) {
            if (nafs[i][bit] != 0) return true;
        }
        return false;
    }

    /** out = sum over the first count terms; nafs[i] and tables[i] describe term i. */
    static void multiply(byte[][] nafs, CachedPoint[][] tables, int count, ExtendedPoint out, ExtendedPoint.Temp tmp) {
        int top = -1;
        for (int i = 0; i < count; i++) {
            byte[] naf = nafs[i];
            for (int bit = naf.length - 1; bit > top; bit--) {
                if (naf[bit] != 0) {
                    top = bit;
                    break;
                }
            }
        }
        out.setIdentity();
        for (int bit = top; bit >= 0; bit--) {
            for (int i = 0; i < count; i++) {
                int d = nafs[i][bit];
                if (d > 0) {
                    out.add(tables[i][d >> 1], false, tmp);
                } else if (d < 0) {
                    out.add(tables[i][(-d) >> 1], true, tmp);
                }
            }
            if (bit > 0) out.twice(tmp, bit == 1 || anyDigit(nafs, count, bit - 1));
        }
    }
}

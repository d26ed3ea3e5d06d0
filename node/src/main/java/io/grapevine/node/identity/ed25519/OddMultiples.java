package io.grapevine.node.identity.ed25519;

import org.bouncycastle.math.ec.rfc7748.X25519Field;

/** Tables of P, 3P, 5P, ..., (2^(w-1) - 1)P for width-w NAF digits: digit d (odd) uses entry |d| / 2. */
final class OddMultiples {
    private OddMultiples() {}

    static CachedPoint[] of(ExtendedPoint p, int w, boolean affine, ExtendedPoint.Temp tmp) {
        int size = 1 << (w - 2);
        ExtendedPoint twice = new ExtendedPoint();
        twice.set(p);
        twice.twice(tmp);
        CachedPoint step = CachedPoint.of(twice);
        ExtendedPoint[] points = new ExtendedPoint[size];
        for (int i = 0; i < size; i++) {
            points[i] = new ExtendedPoint();
            points[i].set(i == 0 ? p : points[i - 1]);
            if (i > 0) points[i].add(step, false, tmp);
        }
        CachedPoint[] table = new CachedPoint[size];
        if (!affine) {
            for (int i = 0; i < size; i++) table[i] = CachedPoint.of(points[i]);
            return table;
        }
        // One inversion for all the Z (Montgomery's trick): prefix products, invert, walk back.
        int[][] prefix = new int[size][];
        for (int i = 0; i < size; i++) {
            prefix[i] = X25519Field.create();
            if (i == 0) X25519Field.copy(points[0].z, 0, prefix[0], 0);
            else X25519Field.mul(prefix[i - 1], points[i].z, prefix[i]);
        }
        int[] inv = X25519Field.create();
        int[] zInv = X25519Field.create();
        X25519Field.invVar(prefix[size - 1], inv);
        for (int i = size - 1; i >= 0; i--) {
            if (i > 0) {
                X25519Field.mul(inv, prefix[i - 1], zInv);
                X25519Field.mul(inv, points[i].z, inv);
            } else {
                X25519Field.copy(inv, 0, zInv, 0);
            }
            table[i] = CachedPoint.affine(points[i], zInv);
        }
        return table;
    }
}

package io.grapevine.node.identity.ed25519;

/** Tables of P, 3P, 5P, ..., (2^(w-1) - 1)P for width-w NAF digits: digit d (odd) uses entry |d| / 2. */
final class OddMultiples {
    private OddMultiples() {}

    static CachedPoint[] of(ExtendedPoint p, int w, boolean affine, ExtendedPoint.Temp tmp) {
        CachedPoint[] table = new CachedPoint[1 << (w - 2)];
        ExtendedPoint twice = new ExtendedPoint();
        twice.set(p);
        twice.twice(tmp);
        CachedPoint step = CachedPoint.of(twice);
        ExtendedPoint cur = new ExtendedPoint();
        cur.set(p);
        for (int i = 0; i < table.length; i++) {
            if (i > 0) cur.add(step, false, tmp);
            table[i] = affine ? CachedPoint.affine(cur) : CachedPoint.of(cur);
        }
        return table;
    }
}

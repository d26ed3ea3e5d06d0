package io.grapevine.node.identity.ed25519;

import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * A point of edwards25519 (-x^2 + y^2 = 1 + d x^2 y^2) in extended coordinates (X:Y:Z:T), x = X/Z, y = Y/Z,
 * xy = T/Z. Mutable, so the scalar-multiplication loops allocate nothing; the formulas are Hisil-Wong-Carter-Dawson's
 * for a = -1, complete on this curve. Every coordinate is kept carried.
 */
final class ExtendedPoint {
    final int[] x = X25519Field.create();
    final int[] y = X25519Field.create();
    final int[] z = X25519Field.create();
    final int[] t = X25519Field.create();

    static ExtendedPoint identity() {
        ExtendedPoint p = new ExtendedPoint();
        p.setIdentity();
        return p;
    }

    void setIdentity() {
        X25519Field.zero(x);
        X25519Field.one(y);
        X25519Field.one(z);
        X25519Field.zero(t);
    }

    void set(ExtendedPoint p) {
        X25519Field.copy(p.x, 0, x, 0);
        X25519Field.copy(p.y, 0, y, 0);
        X25519Field.copy(p.z, 0, z, 0);
        X25519Field.copy(p.t, 0, t, 0);
    }

    /** The RFC 8032 encoding of this point (y with the sign of x in bit 255); costs an inversion. */
    byte[] encode() {
        int[] zInv = X25519Field.create();
        int[] ax = X25519Field.create();
        int[] ay = X25519Field.create();
        X25519Field.invVar(z, zInv);
        X25519Field.mul(x, zInv, ax);
        X25519Field.mul(y, zInv, ay);
        X25519Field.normalize(ax);
        X25519Field.normalize(ay);
        byte[] out = new byte[32];
        X25519Field.encode(ay, out, 0);
        out[31] |= (byte) ((ax[0] & 1) << 7);
        return out;
    }

    /** this = -this. */
    void negate() {
        X25519Field.negate(x, x);
        X25519Field.negate(t, t);
        X25519Field.carry(x);
        X25519Field.carry(t);
    }

    /** Whether this is the identity (X = 0 and Y = Z). */
    boolean isIdentity(Temp tmp) {
        X25519Field.copy(x, 0, tmp.a, 0);
        X25519Field.normalize(tmp.a);
        if (!X25519Field.isZeroVar(tmp.a)) return false;
        X25519Field.sub(y, z, tmp.b);
        X25519Field.normalize(tmp.b);
        return X25519Field.isZeroVar(tmp.b);
    }

    /** this = 2 * this (dbl-2008-hwcd, a = -1, signs folded so that X3 = E F, Y3 = G H, Z3 = F G, T3 = E H). */
    void twice(Temp tmp) {
        twice(tmp, true);
    }

    /** {@link #twice(Temp)}; without T (left stale) when only another doubling follows, which does not read it. */
    void twice(Temp tmp, boolean withT) {
        int[] a = tmp.a, b = tmp.b, c = tmp.c, e = tmp.d, f = tmp.e, g = tmp.f, h = tmp.g;
        X25519Field.sqr(x, a);
        X25519Field.sqr(y, b);
        X25519Field.sqr(z, c);
        X25519Field.add(c, c, c);
        X25519Field.add(a, b, h); // -(H) of the reference formulas
        X25519Field.add(x, y, e);
        X25519Field.sqr(e, e);
        X25519Field.sub(h, e, e); // -(E)
        X25519Field.carry(e);
        X25519Field.sub(a, b, g); // -(G)
        X25519Field.add(c, g, f); // -(F)
        X25519Field.carry(f);
        X25519Field.mul(e, f, x);
        X25519Field.mul(g, h, y);
        X25519Field.mul(f, g, z);
        if (withT) X25519Field.mul(e, h, t);
    }

    /** this = this + q (add-2008-hwcd-3, a = -1, with q cached); when subtract, this = this - q. */
    void add(CachedPoint q, boolean subtract, Temp tmp) {
        int[] a = tmp.a, b = tmp.b, c = tmp.c, d = tmp.d, e = tmp.e, f = tmp.f, g = tmp.g, h = tmp.h;
        X25519Field.sub(y, x, a);
        X25519Field.add(y, x, b);
        // -q = (-x, y): y+x and y-x swap, T negates.
        X25519Field.mul(a, subtract ? q.yPlusX : q.yMinusX, a);
        X25519Field.mul(b, subtract ? q.yMinusX : q.yPlusX, b);
        X25519Field.mul(t, q.t2d, c);
        if (q.affine) {
            X25519Field.add(z, z, d);
        } else {
            X25519Field.mul(z, q.z2, d);
        }
        X25519Field.sub(b, a, e);
        X25519Field.add(b, a, h);
        if (subtract) {
            X25519Field.add(d, c, f);
            X25519Field.sub(d, c, g);
        } else {
            X25519Field.sub(d, c, f);
            X25519Field.add(d, c, g);
        }
        X25519Field.carry(f);
        X25519Field.carry(g);
        X25519Field.mul(e, f, x);
        X25519Field.mul(g, h, y);
        X25519Field.mul(f, g, z);
        X25519Field.mul(e, h, t);
    }

    /** Scratch field elements for the formulas, one set per thread of work. */
    static final class Temp {
        final int[] a = X25519Field.create();
        final int[] b = X25519Field.create();
        final int[] c = X25519Field.create();
        final int[] d = X25519Field.create();
        final int[] e = X25519Field.create();
        final int[] f = X25519Field.create();
        final int[] g = X25519Field.create();
        final int[] h = X25519Field.create();
    }
}

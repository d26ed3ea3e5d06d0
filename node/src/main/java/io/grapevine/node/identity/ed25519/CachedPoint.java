package io.grapevine.node.identity.ed25519;

import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * A point prepared for additions: (Y+X, Y-X, 2Z, 2dT). Affine entries (Z = 1, from {@link #normalize}) save the
 * Z product in each addition; the base point's table and the publisher keys' tables are affine.
 */
final class CachedPoint {
    final int[] yPlusX = X25519Field.create();
    final int[] yMinusX = X25519Field.create();
    final int[] z2 = X25519Field.create();
    final int[] t2d = X25519Field.create();
    boolean affine;

    static CachedPoint of(ExtendedPoint p) {
        CachedPoint c = new CachedPoint();
        X25519Field.add(p.y, p.x, c.yPlusX);
        X25519Field.sub(p.y, p.x, c.yMinusX);
        X25519Field.add(p.z, p.z, c.z2);
        X25519Field.mul(p.t, Field.D2, c.t2d);
        X25519Field.carry(c.yPlusX);
        X25519Field.carry(c.yMinusX);
        X25519Field.carry(c.z2);
        return c;
    }

    /** The affine cached form of p, given 1/Z. */
    static CachedPoint affine(ExtendedPoint p, int[] zInv) {
        int[] x = X25519Field.create();
        int[] y = X25519Field.create();
        X25519Field.mul(p.x, zInv, x);
        X25519Field.mul(p.y, zInv, y);
        CachedPoint c = new CachedPoint();
        X25519Field.add(y, x, c.yPlusX);
        X25519Field.sub(y, x, c.yMinusX);
        X25519Field.carry(c.yPlusX);
        X25519Field.carry(c.yMinusX);
        X25519Field.one(c.z2);
        X25519Field.add(c.z2, c.z2, c.z2);
        X25519Field.mul(x, y, c.t2d);
        X25519Field.mul(c.t2d, Field.D2, c.t2d);
        c.affine = true;
        return c;
    }
}

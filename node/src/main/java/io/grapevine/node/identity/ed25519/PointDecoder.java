package io.grapevine.node.identity.ed25519;

import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * RFC 8032 5.1.3 point decoding with the canonical checks of Grapevine's rule (docs/announce.md, "Validation"):
 * y must be below p, and x = 0 with the sign bit set is refused, so each point has exactly one accepted encoding.
 */
final class PointDecoder {
    private PointDecoder() {}

    /** The point, or null when the encoding is not canonical or names no point of the curve. */
    static ExtendedPoint decode(byte[] b, int off) {
        if (!canonicalY(b, off)) return null;
        boolean xOdd = (b[off + 31] & 0x80) != 0;
        ExtendedPoint p = new ExtendedPoint();
        X25519Field.decode(b, off, p.y); // drops bit 255, the sign of x
        int[] u = X25519Field.create();
        int[] v = X25519Field.create();
        X25519Field.sqr(p.y, u);
        X25519Field.mul(u, Field.D, v);
        X25519Field.subOne(u); // u = y^2 - 1
        X25519Field.addOne(v); // v = d y^2 + 1
        X25519Field.carry(u);
        X25519Field.carry(v);
        if (!X25519Field.sqrtRatioVar(u, v, p.x)) return null;
        X25519Field.normalize(p.x);
        boolean zero = X25519Field.isZeroVar(p.x);
        if (zero && xOdd) return null;
        if (((p.x[0] & 1) != 0) != xOdd) {
            X25519Field.negate(p.x, p.x);
            X25519Field.normalize(p.x);
        }
        X25519Field.one(p.z);
        X25519Field.mul(p.x, p.y, p.t);
        return p;
    }

    /** Whether the 255-bit y (the sign bit masked off) is below p = 2^255 - 19. */
    static boolean canonicalY(byte[] b, int off) {
        if ((b[off + 31] & 0x7F) != 0x7F) return true;
        for (int i = 30; i >= 1; i--) {
            if ((b[off + i] & 0xFF) != 0xFF) return true;
        }
        return (b[off] & 0xFF) < 0xED;
    }
}

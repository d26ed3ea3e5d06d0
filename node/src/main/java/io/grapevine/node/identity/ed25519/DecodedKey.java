package io.grapevine.node.identity.ed25519;

/**
 * A publisher key A decoded once: its point, whether it has small order ([8]A = identity, refused: such a key would
 * "sign" every message) and its affine odd-multiples table for the A terms of the equations.
 */
final class DecodedKey {
    static final int WINDOW = 6;

    final ExtendedPoint point;
    final boolean smallOrder;
    final CachedPoint[] table;

    private DecodedKey(ExtendedPoint point, boolean smallOrder, CachedPoint[] table) {
        this.point = point;
        this.smallOrder = smallOrder;
        this.table = table;
    }

    /** The key, or null when the 32 bytes are not a canonical point encoding. */
    static DecodedKey decode(byte[] raw) {
        if (raw == null || raw.length != 32) return null;
        ExtendedPoint a = PointDecoder.decode(raw, 0);
        if (a == null) return null;
        ExtendedPoint.Temp tmp = new ExtendedPoint.Temp();
        ExtendedPoint eight = new ExtendedPoint();
        eight.set(a);
        for (int i = 0; i < 3; i++) eight.twice(tmp);
        boolean smallOrder = eight.isIdentity(tmp);
        return new DecodedKey(a, smallOrder, smallOrder ? null : OddMultiples.of(a, WINDOW, true, tmp));
    }
}

package io.grapevine.node.identity.ed25519;

import java.util.HexFormat;

/** The base point B (y = 4/5, x even) and its static affine table for width-8 NAF digits. */
final class BasePoint {
    static final int WINDOW = 8;
    static final byte[] ENCODED = HexFormat.of().parseHex("5866666666666666666666666666666666666666666666666666666666666666");
    static final ExtendedPoint B = PointDecoder.decode(ENCODED, 0);
    static final CachedPoint[] TABLE = OddMultiples.of(B, WINDOW, true, new ExtendedPoint.Temp());

    private BasePoint() {}
}

package io.grapevine.node.identity.ed25519;

import org.bouncycastle.math.ec.rfc7748.X25519Field;

import java.math.BigInteger;

/**
 * Constants of GF(2^255 - 19) as BouncyCastle's X25519Field limbs (int[10], radix 2^25.5). The limb operations are
 * BouncyCastle's: a product accepts operands that are one add or sub away from carried values; more needs a carry.
 */
final class Field {
    static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
    /** The curve constant d = -121665/121666. */
    static final int[] D = of(BigInteger.valueOf(-121665).mod(P).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P));
    static final int[] D2 = of(fromLimbs(D).shiftLeft(1).mod(P));

    private Field() {}

    static int[] of(BigInteger v) {
        byte[] le = Scalars.toLittleEndian(v, 32);
        int[] out = X25519Field.create();
        X25519Field.decode(le, 0, out);
        return out;
    }

    static BigInteger fromLimbs(int[] limbs) {
        int[] copy = X25519Field.create();
        X25519Field.copy(limbs, 0, copy, 0);
        X25519Field.normalize(copy);
        byte[] le = new byte[32];
        X25519Field.encode(copy, le, 0);
        return Scalars.fromLittleEndian(le, 0, 32);
    }
}

package io.grapevine.blocklist.codec;

import java.util.Arrays;

/** Unsigned lexicographic order on byte arrays: the tie-break order every node must agree on. */
public final class Bytes {
    private Bytes() {
    }

    public static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }
}

package io.grapevine.blocklist.record;

import io.grapevine.blocklist.codec.Bytes;

import java.util.Arrays;
import java.util.HexFormat;

/** An opaque marshalled public key with value equality, for use as a map key. */
public final class Key implements Comparable<Key> {
    private final byte[] bytes;

    private Key(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Key of(byte[] bytes) {
        return new Key(bytes.clone());
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Key k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(Key o) {
        return Bytes.compare(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}

package io.grapevine.blocklist.list;

import io.grapevine.blocklist.codec.Bytes;

import java.util.Arrays;
import java.util.HexFormat;

/** 32-byte list identifier, shown as lowercase hex (it also names the gossip topic grapevine/votes/1/&lt;id&gt;). */
public final class ListId implements Comparable<ListId> {
    public static final int LENGTH = 32;
    private final byte[] bytes;

    private ListId(byte[] bytes) {
        this.bytes = bytes;
    }

    public static ListId of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("list id must be " + LENGTH + " bytes, got " + bytes.length);
        }
        return new ListId(bytes.clone());
    }

    public static ListId parse(String hex) {
        if (hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("list id must be " + 2 * LENGTH + " hex characters");
        }
        return new ListId(HexFormat.of().parseHex(hex));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ListId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(ListId o) {
        return Bytes.compare(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}

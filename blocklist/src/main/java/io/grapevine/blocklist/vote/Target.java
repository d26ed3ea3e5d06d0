package io.grapevine.blocklist.vote;

import io.grapevine.blocklist.codec.Bytes;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/** A thing that can be blocked: a content id or a publisher key. Ordered by kind, then unsigned value bytes. */
public final class Target implements Comparable<Target> {
    public static final int MAX_VALUE = 1024;

    private final TargetKind kind;
    private final byte[] value;

    private Target(TargetKind kind, byte[] value) {
        if (value.length == 0 || value.length > MAX_VALUE) {
            throw new IllegalArgumentException("target value must be 1.." + MAX_VALUE + " bytes");
        }
        this.kind = kind;
        this.value = value;
    }

    public static Target content(String contentId) {
        return new Target(TargetKind.CONTENT, contentId.getBytes(StandardCharsets.UTF_8));
    }

    public static Target publisher(byte[] marshalledKey) {
        return new Target(TargetKind.PUBLISHER, marshalledKey.clone());
    }

    public static Target of(TargetKind kind, byte[] value) {
        return new Target(kind, value.clone());
    }

    public TargetKind kind() {
        return kind;
    }

    public byte[] value() {
        return value.clone();
    }

    /** Content id string for CONTENT targets. */
    public String contentId() {
        if (kind != TargetKind.CONTENT) {
            throw new IllegalStateException("not a content target");
        }
        return new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Target t && kind == t.kind && Arrays.equals(value, t.value);
    }

    @Override
    public int hashCode() {
        return 31 * kind.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public int compareTo(Target o) {
        int c = Integer.compare(kind.code, o.kind.code);
        return c != 0 ? c : Bytes.compare(value, o.value);
    }

    @Override
    public String toString() {
        return kind == TargetKind.CONTENT ? "content:" + contentId() : "publisher:" + HexFormat.of().formatHex(value);
    }
}

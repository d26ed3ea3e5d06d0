package io.grapevine.market.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The canonical encoding used for signing, hashing and storing market records: big-endian fixed-width integers, byte
 * strings and UTF-8 strings prefixed by a u32 length, fixed-size fields raw. One field order per record type, so equal
 * records always give equal bytes.
 */
public final class CanonicalWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    public CanonicalWriter u8(int v) {
        out.write(v & 0xFF);
        return this;
    }

    public CanonicalWriter u16(int v) {
        out.write((v >>> 8) & 0xFF);
        out.write(v & 0xFF);
        return this;
    }

    public CanonicalWriter u32(long v) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write((int) (v >>> shift) & 0xFF);
        }
        return this;
    }

    public CanonicalWriter i64(long v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (v >>> shift) & 0xFF);
        }
        return this;
    }

    public CanonicalWriter bytes(byte[] b) {
        u32(b.length);
        out.writeBytes(b);
        return this;
    }

    /** Fixed-size bytes whose length the field implies (hashes, ids). */
    public CanonicalWriter raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    public CanonicalWriter string(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}

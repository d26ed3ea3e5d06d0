package io.grapevine.node.multiformats;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** A self-describing hash: {@code <uvarint code><uvarint length><digest>}. */
public final class Multihash {
    public static final int IDENTITY = 0x00;
    public static final int SHA2_256 = 0x12;
    /** Bound for digests of codes this node does not compute; big enough for any hash in use. */
    public static final int MAX_DIGEST_LENGTH = 128;

    private final int code;
    private final byte[] digest;

    private Multihash(int code, byte[] digest) {
        this.code = code;
        this.digest = digest;
    }

    public static Multihash of(int code, byte[] digest) {
        if (code < 0) {
            throw new InvalidMultiformatException("negative multihash code");
        }
        if (code == SHA2_256 && digest.length != 32) {
            throw new InvalidMultiformatException("sha2-256 digest must be 32 bytes, got " + digest.length);
        }
        if (digest.length > MAX_DIGEST_LENGTH) {
            throw new InvalidMultiformatException("multihash digest longer than " + MAX_DIGEST_LENGTH + " bytes");
        }
        return new Multihash(code, digest.clone());
    }

    public static Multihash identity(byte[] data) {
        return of(IDENTITY, data);
    }

    public static Multihash sha256(byte[] data) {
        try {
            return new Multihash(SHA2_256, MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Decodes a multihash that fills {@code bytes} exactly. */
    public static Multihash fromBytes(byte[] bytes) {
        return fromBytes(bytes, 0, bytes.length);
    }

    /** Decodes a multihash that fills exactly {@code length} bytes from {@code offset}. */
    public static Multihash fromBytes(byte[] bytes, int offset, int length) {
        int end = offset + length;
        Varint.Decoded code = Varint.decode(bytes, offset, end);
        int pos = offset + code.length();
        Varint.Decoded size = Varint.decode(bytes, pos, end);
        pos += size.length();
        if (code.value() > Integer.MAX_VALUE) {
            throw new InvalidMultiformatException("multihash code too large: " + code.value());
        }
        if (size.value() != end - pos) {
            throw new InvalidMultiformatException(
                    "multihash digest length " + size.value() + " does not match the " + (end - pos) + " bytes given");
        }
        return of((int) code.value(), Arrays.copyOfRange(bytes, pos, end));
    }

    public int code() {
        return code;
    }

    public byte[] digest() {
        return digest.clone();
    }

    public int digestLength() {
        return digest.length;
    }

    public byte[] toBytes() {
        byte[] out = new byte[Varint.encodedLength(code) + Varint.encodedLength(digest.length) + digest.length];
        int pos = Varint.write(code, out, 0);
        pos += Varint.write(digest.length, out, pos);
        System.arraycopy(digest, 0, out, pos, digest.length);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Multihash other && code == other.code && Arrays.equals(digest, other.digest);
    }

    @Override
    public int hashCode() {
        return 31 * code + Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return "Multihash[0x" + Integer.toHexString(code) + ":" + HexFormat.of().formatHex(digest) + "]";
    }
}

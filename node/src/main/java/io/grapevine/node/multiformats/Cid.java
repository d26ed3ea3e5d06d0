package io.grapevine.node.multiformats;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * A content identifier. CIDv1 is {@code <uvarint version=1><uvarint codec><multihash>}, printed in multibase base32
 * ('b'); CIDv0 is a bare sha2-256 multihash in base58btc ("Qm...") with the implied codec dag-pb.
 */
public final class Cid {
    public static final int RAW = 0x55;
    public static final int DAG_PB = 0x70;
    public static final int LIBP2P_KEY = 0x72;
    /** Bound on text input, checked before decoding. */
    public static final int MAX_STRING_LENGTH = 512;

    private final int version;
    private final long codec;
    private final Multihash multihash;

    private Cid(int version, long codec, Multihash multihash) {
        this.version = version;
        this.codec = codec;
        this.multihash = multihash;
    }

    public static Cid v1(long codec, Multihash multihash) {
        if (codec < 0) {
            throw new InvalidMultiformatException("negative codec");
        }
        return new Cid(1, codec, multihash);
    }

    public static Cid v0(Multihash multihash) {
        if (multihash.code() != Multihash.SHA2_256) {
            throw new InvalidMultiformatException("CIDv0 must be a sha2-256 multihash");
        }
        return new Cid(0, DAG_PB, multihash);
    }

    /** Parses "Qm..." (CIDv0) or a multibase CIDv1 in base32 ('b') or base58btc ('z'). */
    public static Cid parse(String text) {
        if (text.length() > MAX_STRING_LENGTH) {
            throw new InvalidMultiformatException("CID text longer than " + MAX_STRING_LENGTH);
        }
        if (text.length() == 46 && text.startsWith("Qm")) {
            return v0(Multihash.fromBytes(Base58.decode(text)));
        }
        if (text.isEmpty()) {
            throw new InvalidMultiformatException("empty CID");
        }
        byte[] bytes = switch (text.charAt(0)) {
            case 'b' -> Base32.decode(text.substring(1));
            case 'z' -> Base58.decode(text.substring(1));
            default -> throw new InvalidMultiformatException("unsupported multibase prefix '" + text.charAt(0) + "'");
        };
        Cid cid = fromBytes(bytes);
        if (cid.version != 1) {
            throw new InvalidMultiformatException("CIDv0 must be written in base58btc without a multibase prefix");
        }
        return cid;
    }

    /** Decodes the binary form: a CIDv1, or a 34-byte CIDv0 multihash. */
    public static Cid fromBytes(byte[] bytes) {
        if (bytes.length == 34 && bytes[0] == Multihash.SHA2_256 && bytes[1] == 32) {
            return v0(Multihash.fromBytes(bytes));
        }
        Varint.Decoded version = Varint.decode(bytes, 0);
        if (version.value() != 1) {
            throw new InvalidMultiformatException("unsupported CID version " + version.value());
        }
        Varint.Decoded codec = Varint.decode(bytes, version.length());
        int pos = version.length() + codec.length();
        return v1(codec.value(), Multihash.fromBytes(bytes, pos, bytes.length - pos));
    }

    public int version() {
        return version;
    }

    public long codec() {
        return codec;
    }

    public Multihash multihash() {
        return multihash;
    }

    public byte[] toBytes() {
        if (version == 0) {
            return multihash.toBytes();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Varint.encode(1));
        out.writeBytes(Varint.encode(codec));
        out.writeBytes(multihash.toBytes());
        return out.toByteArray();
    }

    /** CIDv0 in base58btc, CIDv1 in multibase base32. */
    @Override
    public String toString() {
        return version == 0 ? Base58.encode(toBytes()) : "b" + Base32.encode(toBytes());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cid other && version == other.version && codec == other.codec
                && multihash.equals(other.multihash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new long[] {version, codec, multihash.hashCode()});
    }
}

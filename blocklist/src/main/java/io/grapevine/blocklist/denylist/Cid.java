package io.grapevine.blocklist.denylist;

import io.grapevine.blocklist.codec.Sha256;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The part of CIDs a denylist needs (this module may not use node's multiformats): parse CIDv0 and CIDv1 strings,
 * extract the multihash, re-encode as CIDv1 base32 and as a base58btc multihash.
 */
public record Cid(int version, long codec, byte[] multihash) {
    public static final long DAG_PB = 0x70;
    public static final long RAW = 0x55;
    public static final long LIBP2P_KEY = 0x72;
    static final int SHA2_256 = 0x12;
    static final int IDENTITY = 0x00;
    private static final int MAX_DIGEST = 128;

    public static Cid parse(String s) {
        if (s.length() == 46 && s.startsWith("Qm")) {
            byte[] mh = Multibase.base58Decode(s);
            checkMultihash(mh, 0);
            if ((mh[0] & 0xFF) != SHA2_256) {
                throw new IllegalArgumentException("CIDv0 must be a sha2-256 multihash");
            }
            return new Cid(0, DAG_PB, mh);
        }
        byte[] b = Multibase.decode(s);
        int[] pos = {0};
        long version = varint(b, pos);
        if (version != 1) {
            throw new IllegalArgumentException("unsupported CID version " + version);
        }
        long codec = varint(b, pos);
        byte[] mh = Arrays.copyOfRange(b, pos[0], b.length);
        checkMultihash(mh, 0);
        return new Cid(1, codec, mh);
    }

    /** A CIDv1 for {@code codec} around the multihash of {@code data}: identity if short, else sha2-256. */
    public static Cid ofKey(byte[] marshalledKey) {
        ByteArrayOutputStream mh = new ByteArrayOutputStream();
        if (marshalledKey.length <= 42) {
            mh.write(IDENTITY);
            writeVarint(mh, marshalledKey.length);
            mh.writeBytes(marshalledKey);
        } else {
            mh.write(SHA2_256);
            mh.write(32);
            mh.writeBytes(Sha256.hash(marshalledKey));
        }
        return new Cid(1, LIBP2P_KEY, mh.toByteArray());
    }

    /** Checks multihash framing: varint code, varint length, exactly that many digest bytes. */
    static void checkMultihash(byte[] mh, int from) {
        int[] pos = {from};
        varint(mh, pos);
        long len = varint(mh, pos);
        if (len > MAX_DIGEST || mh.length - pos[0] != len) {
            throw new IllegalArgumentException("malformed multihash");
        }
    }

    static long varint(byte[] b, int[] pos) {
        long v = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            if (pos[0] >= b.length) {
                throw new IllegalArgumentException("truncated varint");
            }
            int x = b[pos[0]++] & 0xFF;
            v |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("varint too long");
    }

    static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    public byte[] multihash() {
        return multihash.clone();
    }

    /** "b" + base32(varint 1 || varint codec || multihash): the legacy badbits anchor form. */
    public String toV1Base32() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeVarint(out, 1);
        writeVarint(out, codec);
        out.writeBytes(multihash);
        return "b" + Multibase.base32Encode(out.toByteArray());
    }

    public String multihashBase58() {
        return Multibase.base58Encode(multihash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cid c && version == c.version && codec == c.codec && Arrays.equals(multihash, c.multihash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(multihash) * 31 + Long.hashCode(codec);
    }
}

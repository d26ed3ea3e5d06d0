package io.grapevine.node.multiformats;

import java.util.Arrays;

/** RFC 4648 base32, lower case, without padding: the alphabet of multibase 'b' (CIDv1's default). */
public final class Base32 {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final int[] INDEXES = new int[128];

    static {
        Arrays.fill(INDEXES, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            INDEXES[ALPHABET[i]] = i;
        }
    }

    private Base32() {
    }

    public static String encode(byte[] input) {
        StringBuilder out = new StringBuilder((input.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : input) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }

    /** Decodes strictly: lower case only, no padding, and the unused trailing bits must be zero. */
    public static byte[] decode(CharSequence input) {
        int length = input.length();
        int rem = length % 8;
        if (rem == 1 || rem == 3 || rem == 6) {
            throw new InvalidMultiformatException("invalid base32 length " + length);
        }
        byte[] out = new byte[length * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int o = 0;
        for (int i = 0; i < length; i++) {
            char c = input.charAt(i);
            int digit = c < 128 ? INDEXES[c] : -1;
            if (digit < 0) {
                throw new InvalidMultiformatException("invalid base32 character '" + c + "' at " + i);
            }
            buffer = (buffer << 5) | digit;
            bits += 5;
            if (bits >= 8) {
                out[o++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        if ((buffer & ((1 << bits) - 1)) != 0) {
            throw new InvalidMultiformatException("base32 has non-zero trailing bits");
        }
        return out;
    }
}

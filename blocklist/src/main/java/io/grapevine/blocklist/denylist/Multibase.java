package io.grapevine.blocklist.denylist;

import java.math.BigInteger;
import java.util.Locale;

/** The few multibase encodings CIDs appear in on denylists: base32, base16, base58btc, base36. */
final class Multibase {
    private static final String B32 = "abcdefghijklmnopqrstuvwxyz234567";
    private static final String B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final String B36 = "0123456789abcdefghijklmnopqrstuvwxyz";
    static final int MAX_ENCODED = 512;

    private Multibase() {
    }

    static byte[] decode(String s) {
        if (s.length() < 2 || s.length() > MAX_ENCODED) {
            throw new IllegalArgumentException("bad multibase length");
        }
        String body = s.substring(1);
        return switch (s.charAt(0)) {
            case 'b' -> base32Decode(body);
            case 'B' -> base32Decode(body.toLowerCase(Locale.ROOT));
            case 'f' -> base16Decode(body);
            case 'F' -> base16Decode(body.toLowerCase(Locale.ROOT));
            case 'z' -> baseNDecode(body, B58);
            case 'k' -> baseNDecode(body, B36);
            case 'K' -> baseNDecode(body.toLowerCase(Locale.ROOT), B36);
            default -> throw new IllegalArgumentException("unsupported multibase prefix " + s.charAt(0));
        };
    }

    static String base32Encode(byte[] data) {
        StringBuilder sb = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                sb.append(B32.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(B32.charAt((buffer << (5 - bits)) & 31));
        }
        return sb.toString();
    }

    static byte[] base32Decode(String s) {
        byte[] out = new byte[s.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            int v = B32.indexOf(s.charAt(i));
            if (v < 0) {
                throw new IllegalArgumentException("invalid base32 character");
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out[n++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        if ((buffer & ((1 << bits) - 1)) != 0) {
            throw new IllegalArgumentException("non-zero base32 padding bits");
        }
        return out;
    }

    private static byte[] base16Decode(String s) {
        if (s.length() % 2 != 0) {
            throw new IllegalArgumentException("odd base16 length");
        }
        try {
            return java.util.HexFormat.of().parseHex(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid base16");
        }
    }

    static String base58Encode(byte[] data) {
        StringBuilder sb = new StringBuilder();
        BigInteger n = new BigInteger(1, data);
        BigInteger radix = BigInteger.valueOf(58);
        while (n.signum() > 0) {
            BigInteger[] qr = n.divideAndRemainder(radix);
            sb.append(B58.charAt(qr[1].intValue()));
            n = qr[0];
        }
        for (int i = 0; i < data.length && data[i] == 0; i++) {
            sb.append('1');
        }
        return sb.reverse().toString();
    }

    static byte[] base58Decode(String s) {
        return baseNDecode(s, B58);
    }

    /** Big-number decoding; leading zero digits become leading zero bytes (base58btc and base36 conventions). */
    private static byte[] baseNDecode(String s, String alphabet) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty");
        }
        BigInteger radix = BigInteger.valueOf(alphabet.length());
        BigInteger n = BigInteger.ZERO;
        int zeros = 0;
        boolean leading = true;
        for (int i = 0; i < s.length(); i++) {
            int v = alphabet.indexOf(s.charAt(i));
            if (v < 0) {
                throw new IllegalArgumentException("invalid character '" + s.charAt(i) + "'");
            }
            if (leading && v == 0) {
                zeros++;
                continue;
            }
            leading = false;
            n = n.multiply(radix).add(BigInteger.valueOf(v));
        }
        byte[] mag = n.signum() == 0 ? new byte[0] : n.toByteArray();
        int skip = mag.length > 0 && mag[0] == 0 ? 1 : 0;
        byte[] out = new byte[zeros + mag.length - skip];
        System.arraycopy(mag, skip, out, zeros, mag.length - skip);
        return out;
    }
}

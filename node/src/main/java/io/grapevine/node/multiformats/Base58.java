package io.grapevine.node.multiformats;

import java.util.Arrays;

/** Base58 with the Bitcoin alphabet (multibase "base58btc"), as used by legacy peer ids and CIDv0. */
public final class Base58 {
    private static final char[] ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
    private static final int[] INDEXES = new int[128];
    /** The conversion is quadratic; ids and addresses are far shorter than this. */
    public static final int MAX_ENCODED_LENGTH = 1024;

    static {
        Arrays.fill(INDEXES, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            INDEXES[ALPHABET[i]] = i;
        }
    }

    private Base58() {
    }

    public static String encode(byte[] input) {
        int zeros = 0;
        while (zeros < input.length && input[zeros] == 0) {
            zeros++;
        }
        // Repeated division of the big-endian number by 58; digits come out least significant first.
        byte[] number = Arrays.copyOf(input, input.length);
        char[] out = new char[input.length * 2];
        int outStart = out.length;
        int start = zeros;
        while (start < number.length) {
            int remainder = 0;
            for (int i = start; i < number.length; i++) {
                int acc = remainder * 256 + (number[i] & 0xFF);
                number[i] = (byte) (acc / 58);
                remainder = acc % 58;
            }
            out[--outStart] = ALPHABET[remainder];
            while (start < number.length && number[start] == 0) {
                start++;
            }
        }
        for (int i = 0; i < zeros; i++) {
            out[--outStart] = ALPHABET[0];
        }
        return new String(out, outStart, out.length - outStart);
    }

    public static byte[] decode(String input) {
        if (input.length() > MAX_ENCODED_LENGTH) {
            throw new InvalidMultiformatException("base58 input longer than " + MAX_ENCODED_LENGTH + " characters");
        }
        int zeros = 0;
        while (zeros < input.length() && input.charAt(zeros) == ALPHABET[0]) {
            zeros++;
        }
        // Big-endian accumulator; each base58 digit multiplies by 58 and adds.
        byte[] number = new byte[input.length()];
        int used = 0;
        for (int i = zeros; i < input.length(); i++) {
            char c = input.charAt(i);
            int digit = c < 128 ? INDEXES[c] : -1;
            if (digit < 0) {
                throw new InvalidMultiformatException("invalid base58 character '" + c + "' at " + i);
            }
            int carry = digit;
            for (int j = number.length - 1; j >= number.length - used || carry != 0; j--) {
                int acc = (number[j] & 0xFF) * 58 + carry;
                number[j] = (byte) acc;
                carry = acc >>> 8;
                if (j < number.length - used) {
                    used = number.length - j;
                }
            }
        }
        byte[] out = new byte[zeros + used];
        System.arraycopy(number, number.length - used, out, zeros, used);
        return out;
    }
}

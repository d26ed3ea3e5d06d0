package io.grapevine.market.order;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/** 16 random bytes naming an order; shown as 32 lower-case hex characters. */
public final class OrderId {
    public static final int LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] bytes;

    private OrderId(byte[] bytes) {
        this.bytes = bytes;
    }

    public static OrderId random() {
        byte[] b = new byte[LENGTH];
        RANDOM.nextBytes(b);
        return new OrderId(b);
    }

    public static OrderId of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("order id must be " + LENGTH + " bytes");
        }
        return new OrderId(bytes.clone());
    }

    public static OrderId parse(String hex) {
        if (hex == null || hex.length() != LENGTH * 2) {
            throw new IllegalArgumentException("order id must be " + LENGTH * 2 + " hex characters");
        }
        return new OrderId(HexFormat.of().parseHex(hex));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OrderId id && Arrays.equals(id.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}

package io.grapevine.node.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The API's bearer token: 256 random bits, compared in constant time so timing does not leak a prefix. */
public final class ApiToken {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BEARER = "Bearer ";

    private final String value;

    private ApiToken(String value) {
        this.value = value;
    }

    public static ApiToken random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new ApiToken(HexFormat.of().formatHex(bytes));
    }

    public String value() {
        return value;
    }

    /** True if the {@code Authorization} header carries exactly this token. */
    public boolean acceptsAuthorization(String header) {
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) return false;
        return accepts(header.substring(BEARER.length()).trim());
    }

    /** True if {@code offered} is exactly this token (the {@code web:} URL's {@code ?token=}). */
    public boolean accepts(String offered) {
        if (offered == null) return false;
        return MessageDigest.isEqual(offered.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "ApiToken[redacted]";
    }
}

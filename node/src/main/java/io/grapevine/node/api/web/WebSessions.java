package io.grapevine.node.api.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The browser sessions of one API server run. The cookie holds a random session id, not the API token, so a leaked
 * cookie can be revoked alone and dies with the node. Sessions are looked up by the SHA-256 of the id, so a lookup's
 * timing says nothing about a guessed id's prefix. At most {@value #MAX_SESSIONS}: the oldest go first.
 */
public final class WebSessions {
    public static final int MAX_SESSIONS = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, WebSession> byIdHash = new LinkedHashMap<>();

    public synchronized WebSession create() {
        WebSession session = new WebSession(randomHex(), randomHex());
        byIdHash.put(hash(session.id()), session);
        while (byIdHash.size() > MAX_SESSIONS) {
            byIdHash.remove(byIdHash.keySet().iterator().next());
        }
        return session;
    }

    /** The session whose id the cookie carries, if this run made it and it was not ended. */
    public synchronized Optional<WebSession> find(String id) {
        if (id == null || id.length() != 64) return Optional.empty();
        return Optional.ofNullable(byIdHash.get(hash(id)));
    }

    public synchronized void end(WebSession session) {
        byIdHash.remove(hash(session.id()));
    }

    public synchronized int size() {
        return byIdHash.size();
    }

    private static String randomHex() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String hash(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}

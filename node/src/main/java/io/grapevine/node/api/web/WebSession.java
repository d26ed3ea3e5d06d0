package io.grapevine.node.api.web;

/**
 * A browser logged in by the {@code web:} URL: {@code id} travels only in the HttpOnly cookie; {@code csrfToken} is
 * handed to the page and must come back in {@value WebAuth#CSRF_HEADER} on every state-changing request.
 */
public record WebSession(String id, String csrfToken) {
    @Override
    public String toString() {
        return "WebSession[redacted]";
    }
}

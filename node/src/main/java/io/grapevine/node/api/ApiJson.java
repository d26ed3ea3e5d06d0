package io.grapevine.node.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes JSON with our own mapper, so the wire format does not depend on Javalin's defaults. Route groups in
 * feature packages use it too.
 */
public final class ApiJson {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private ApiJson() {}

    public static void send(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a response as JSON", e);
        }
    }

    public static void sendError(Context ctx, ApiError error) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("code", error.code());
        detail.put("message", error.getMessage());
        send(ctx, error.status(), Map.of("error", detail));
    }
}

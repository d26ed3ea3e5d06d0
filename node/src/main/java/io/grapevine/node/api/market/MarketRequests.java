package io.grapevine.node.api.market;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.market.order.OrderId;
import io.grapevine.node.api.ApiError;
import io.grapevine.node.api.ApiJson;
import io.grapevine.node.market.MarketRefusedException;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Request bodies, ids and remote answers of the market routes: 400 names the field, refusals keep their code. */
final class MarketRequests {
    private MarketRequests() {
    }

    static ApiError badField(String field, String message) {
        return new ApiError(400, "invalid_field", field + ": " + message);
    }

    static JsonNode body(Context ctx) {
        JsonNode body;
        try {
            body = ApiJson.MAPPER.readTree(ctx.body());
        } catch (IOException e) {
            throw new ApiError(400, "bad_json", "the request body is not JSON");
        }
        if (body == null || !body.isObject()) {
            throw new ApiError(400, "bad_json", "the request body must be a JSON object");
        }
        return body;
    }

    static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull() || !v.isTextual() || v.asText().isBlank()) {
            throw badField(field, "a string is required");
        }
        return v.asText().strip();
    }

    static byte[] hex(JsonNode body, String field) {
        try {
            return HexFormat.of().parseHex(text(body, field));
        } catch (IllegalArgumentException e) {
            throw badField(field, "must be hex");
        }
    }

    static OrderId orderId(String text, String field) {
        try {
            return OrderId.parse(text);
        } catch (RuntimeException e) {
            throw badField(field, "an order id is 32 hex digits");
        }
    }

    /** Waits for a market exchange; a refusal becomes 409 with the refusal's code (lower case), a failure 502. */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            while (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) {
                c = c.getCause();
            }
            if (c instanceof MarketRefusedException r) {
                throw refused(r);
            }
            throw new ApiError(502, "peer_failed", String.valueOf(c.getMessage()));
        } catch (TimeoutException e) {
            throw new ApiError(504, "peer_timeout", "no answer within 60 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "interrupted", "interrupted");
        }
    }

    static ApiError refused(MarketRefusedException r) {
        return new ApiError(409, r.code().toLowerCase(java.util.Locale.ROOT), r.getMessage());
    }
}

package io.grapevine.node.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading a route's JSON body: every route of every feature answers a malformed body with {@code 400 bad_json} and a
 * bad field with {@code 400 invalid_field} whose message starts with the field's name.
 */
public final class JsonRequest {
    private JsonRequest() {}

    public static ApiError badField(String field, String message) {
        return new ApiError(400, "invalid_field", field + ": " + message);
    }

    /** The body as a JSON object; an empty body is an empty object when {@code emptyAllowed}. */
    public static JsonNode object(Context ctx, boolean emptyAllowed) {
        String text = ctx.body();
        if (emptyAllowed && text.isBlank()) return ApiJson.MAPPER.createObjectNode();
        JsonNode body;
        try {
            body = ApiJson.MAPPER.readTree(text);
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new ApiError(400, "bad_json", "the request body is not JSON: " + why);
        }
        if (body == null || !body.isObject()) {
            throw new ApiError(400, "bad_json", "the request body must be a JSON object");
        }
        return body;
    }

    /** An optional string: null when absent or null, 400 when not a string. */
    public static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw badField(field, "must be a string");
        return v.asText();
    }

    /** A string that must be there and not blank. */
    public static String requiredText(JsonNode body, String field) {
        String v = text(body, field);
        if (v == null || v.isBlank()) throw badField(field, "is required");
        return v;
    }

    /** An optional array of strings: empty when absent or null. */
    public static List<String> texts(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return List.of();
        if (!v.isArray()) throw badField(field, "must be an array of strings");
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) throw badField(field, "must be an array of strings");
            out.add(e.asText());
        }
        return out;
    }

    /** An optional integer: null when absent or null, 400 when not an integer that fits a long. */
    public static Long number(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isIntegralNumber() || !v.canConvertToLong()) throw badField(field, "must be an integer");
        return v.asLong();
    }

    /** As {@link #number}, for values that must fit an int. */
    public static Integer integer(JsonNode body, String field) {
        Long v = number(body, field);
        if (v == null) return null;
        if (v != v.intValue()) throw badField(field, "must be an integer");
        return v.intValue();
    }
}

package io.grapevine.node.api.content;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.node.api.ApiError;
import io.grapevine.node.api.ApiJson;
import io.grapevine.node.content.ContentIds;
import io.grapevine.node.download.Download;
import io.grapevine.node.download.DownloadManager;
import io.grapevine.node.multiformats.Cid;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reading request bodies and ids, with 400s that name the bad field and 404s for unknown downloads. */
final class Requests {
    private Requests() {
    }

    static ApiError badField(String field, String message) {
        return new ApiError(400, "invalid_field", field + ": " + message);
    }

    static JsonNode body(Context ctx) {
        JsonNode body;
        try {
            body = ApiJson.MAPPER.readTree(ctx.body());
        } catch (IOException e) {
            throw new ApiError(400, "bad_json", "the request body is not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (body == null || !body.isObject()) {
            throw new ApiError(400, "bad_json", "the request body must be a JSON object");
        }
        return body;
    }

    /** An optional string field: null when absent or null, 400 when not a string. */
    static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw badField(field, "must be a string");
        }
        return v.asText();
    }

    static List<String> texts(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw badField(field, "must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw badField(field, "must be an array of strings");
            }
            out.add(e.asText());
        }
        return out;
    }

    static Long number(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw badField(field, "must be an integer");
        }
        return v.asLong();
    }

    /** A content id (codec 0x300000), else 400 naming {@code field}. */
    static Cid contentId(String text, String field) {
        if (text == null || text.isBlank()) {
            throw badField(field, "a content id is required");
        }
        Cid id;
        try {
            id = Cid.parse(text.strip());
        } catch (RuntimeException e) {
            throw badField(field, "not a CID: " + e.getMessage());
        }
        if (!ContentIds.isManifestId(id)) {
            throw badField(field, text + " is a CID but not a Grapevine content id (a chunk or another system's id?)");
        }
        return id;
    }

    static Download download(Context ctx, DownloadManager downloads) {
        Cid id = contentId(ctx.pathParam("contentId"), "contentId");
        return downloads.get(id).orElseThrow(() -> new ApiError(404, "unknown_download", "no download of " + id));
    }
}

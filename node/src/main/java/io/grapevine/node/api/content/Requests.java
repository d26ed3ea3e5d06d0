package io.grapevine.node.api.content;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.node.api.ApiError;
import io.grapevine.node.api.JsonRequest;
import io.grapevine.node.content.ContentIds;
import io.grapevine.node.download.Download;
import io.grapevine.node.download.DownloadManager;
import io.grapevine.node.multiformats.Cid;
import io.javalin.http.Context;
import java.util.List;

/** Reading request bodies and ids, with 400s that name the bad field and 404s for unknown downloads. */
final class Requests {
    private Requests() {
    }

    static ApiError badField(String field, String message) {
        return JsonRequest.badField(field, message);
    }

    static JsonNode body(Context ctx) {
        return JsonRequest.object(ctx, false);
    }

    /** An optional string field: null when absent or null, 400 when not a string. */
    static String text(JsonNode body, String field) {
        return JsonRequest.text(body, field);
    }

    static List<String> texts(JsonNode body, String field) {
        return JsonRequest.texts(body, field);
    }

    static Long number(JsonNode body, String field) {
        return JsonRequest.number(body, field);
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

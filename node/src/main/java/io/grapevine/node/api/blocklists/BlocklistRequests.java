package io.grapevine.node.api.blocklists;

import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.blocklist.list.BlockRule;
import io.grapevine.blocklist.list.ListId;
import io.grapevine.blocklist.vote.Target;
import io.grapevine.node.api.ApiError;
import io.grapevine.node.api.ApiJson;
import io.grapevine.node.blocklists.BlocklistException;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.identity.PublicKeys;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;

/** Request parsing shared by the blocklist routes: 400 names the field, 404 an unknown list. */
final class BlocklistRequests {
    private BlocklistRequests() {
    }

    static ApiError badField(String field, String message) {
        return new ApiError(400, "invalid_field", field + ": " + message);
    }

    static ApiError of(BlocklistException e) {
        return e.notFound() ? new ApiError(404, "unknown_list", e.getMessage()) : badField(e.field(), e.getMessage());
    }

    /** Runs {@code action}, turning the service's refusals into API errors. */
    static <T> T call(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (BlocklistException e) {
            throw of(e);
        }
    }

    static JsonNode body(Context ctx) {
        if (ctx.body().isBlank()) {
            return ApiJson.MAPPER.createObjectNode();
        }
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

    static ListId listId(Context ctx) {
        try {
            return ListId.parse(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw badField("id", "a list id is 64 hex characters");
        }
    }

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

    static String requiredText(JsonNode body, String field) {
        String v = text(body, field);
        if (v == null || v.isBlank()) {
            throw badField(field, "is required");
        }
        return v;
    }

    static Integer integer(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw badField(field, "must be an integer");
        }
        return v.asInt();
    }

    /** An optional local threshold: minVotes with fraction "num/den" (default 1/2). */
    static Optional<BlockRule> rule(JsonNode body) {
        Integer min = integer(body, "minVotes");
        String fraction = text(body, "fraction");
        if (min == null && fraction == null) {
            return Optional.empty();
        }
        int[] f = fraction(fraction == null ? "1/2" : fraction);
        try {
            return Optional.of(new BlockRule(min == null ? 1 : min, f[0], f[1]));
        } catch (IllegalArgumentException e) {
            throw badField(min != null && min < 1 ? "minVotes" : "fraction", e.getMessage());
        }
    }

    static int[] fraction(String text) {
        String[] parts = text.split("/", -1);
        try {
            if (parts.length == 2) {
                return new int[] {Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip())};
            }
        } catch (NumberFormatException ignored) {
            // falls through to the error below
        }
        throw badField("fraction", "must look like 2/3");
    }

    /** The target named by {@code content} or {@code publisher} (a peer id or a hex marshalled key). */
    static Target target(Function<String, String> field) {
        String content = field.apply("content");
        String publisher = field.apply("publisher");
        if ((content == null) == (publisher == null)) {
            throw badField("content", "give exactly one of content (a content id) or publisher (a peer id)");
        }
        if (content != null) {
            if (content.isBlank() || content.length() > Target.MAX_VALUE) {
                throw badField("content", "a content id is 1 to " + Target.MAX_VALUE + " characters");
            }
            return Target.content(canonicalContentId(content.strip()));
        }
        return Target.publisher(publisherKey(publisher, "publisher"));
    }

    /** A CID in the node's own string form (as announced and served), so any encoding of it names one target. */
    static String canonicalContentId(String text) {
        try {
            return io.grapevine.node.multiformats.Cid.parse(text).toString();
        } catch (RuntimeException e) {
            return text;
        }
    }

    /** A marshalled public key from a peer id with an inline key, or from hex. */
    static byte[] publisherKey(String text, String field) {
        String t = text.strip();
        try {
            if (t.matches("[0-9a-fA-F]+")) {
                byte[] key = HexFormat.of().parseHex(t);
                PublicKeys.unmarshal(key);
                return key;
            }
            return PeerId.parse(t).extractPublicKey()
                    .orElseThrow(() -> badField(field, "this peer id does not embed its key; give the key in hex"))
                    .marshal();
        } catch (ApiError e) {
            throw e;
        } catch (RuntimeException e) {
            throw badField(field, "not a peer id or marshalled public key: " + e.getMessage());
        }
    }
}

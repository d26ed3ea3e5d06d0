package io.grapevine.node.share;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grapevine.node.multiformats.Cid;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Share records in the {@code shares} column family: UTF-8 JSON with a version, so fields can be added later. */
final class ShareRecordCodec {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VERSION = 1;

    private ShareRecordCodec() {
    }

    static byte[] encode(ShareRecord r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("v", VERSION);
        o.put("contentId", r.contentId().toString());
        o.put("title", r.title());
        o.put("description", r.description());
        ArrayNode tags = o.putArray("tags");
        r.tags().forEach(tags::add);
        ArrayNode files = o.putArray("files");
        for (ShareRecord.SharedFile f : r.files()) {
            files.addObject().put("path", f.path()).put("size", f.size()).put("mediaType", f.mediaType());
        }
        o.put("totalSize", r.totalSize());
        if (r.priceSats() != null) {
            o.put("priceSats", r.priceSats());
        }
        if (r.payout() != null) {
            o.put("payout", r.payout());
        }
        o.put("sharedAt", r.sharedAt().toEpochMilli());
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException("encoding a share record", e);
        }
    }

    static ShareRecord decode(byte[] bytes) {
        try {
            JsonNode o = JSON.readTree(bytes);
            if (o.path("v").asInt() != VERSION) {
                throw new IllegalArgumentException("unknown share record version " + o.path("v"));
            }
            List<String> tags = new ArrayList<>();
            o.path("tags").forEach(t -> tags.add(t.asText()));
            List<ShareRecord.SharedFile> files = new ArrayList<>();
            o.path("files").forEach(f -> files.add(new ShareRecord.SharedFile(f.path("path").asText(),
                    f.path("size").asLong(), f.path("mediaType").asText())));
            return new ShareRecord(Cid.parse(o.path("contentId").asText()), o.path("title").asText(),
                    o.path("description").asText(), tags, files, o.path("totalSize").asLong(),
                    o.hasNonNull("priceSats") ? o.get("priceSats").asLong() : null,
                    o.hasNonNull("payout") ? o.get("payout").asText() : null,
                    Instant.ofEpochMilli(o.path("sharedAt").asLong()));
        } catch (IOException e) {
            throw new IllegalArgumentException("damaged share record: " + e.getMessage(), e);
        }
    }
}

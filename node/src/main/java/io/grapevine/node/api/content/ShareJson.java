package io.grapevine.node.api.content;

import io.grapevine.node.share.ShareRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A share as the API shows it. */
final class ShareJson {
    private ShareJson() {
    }

    static Map<String, Object> of(ShareRecord r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("contentId", r.contentId().toString());
        o.put("title", r.title());
        o.put("description", r.description());
        o.put("tags", r.tags());
        List<Map<String, Object>> files = r.files().stream().map(f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", f.path());
            m.put("size", f.size());
            m.put("mediaType", f.mediaType());
            return m;
        }).toList();
        o.put("files", files);
        o.put("totalSize", r.totalSize());
        o.put("priceSats", r.priceSats());
        o.put("payout", r.payout());
        o.put("sharedAt", r.sharedAt().toString());
        return o;
    }
}

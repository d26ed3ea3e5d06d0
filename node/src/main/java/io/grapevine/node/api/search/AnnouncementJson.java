package io.grapevine.node.api.search;

import io.grapevine.node.announce.ProviderDirectory;
import io.grapevine.node.announce.proto.AnnouncedFile;
import io.grapevine.node.announce.proto.Announcement;
import io.grapevine.node.multiformats.Multiaddr;
import io.grapevine.node.search.IndexedItems;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON shapes of announcements and providers. */
final class AnnouncementJson {
    private AnnouncementJson() {}

    static Map<String, Object> of(Announcement a, List<ProviderDirectory.Provider> providers) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("contentId", IndexedItems.contentId(a).toString());
        body.put("title", a.getTitle());
        body.put("description", a.getDescription());
        body.put("tags", a.getTagsList());
        List<Map<String, Object>> files = new ArrayList<>();
        for (AnnouncedFile f : a.getFilesList()) {
            files.add(Map.of("path", f.getPath(), "size", f.getSize(), "mediaType", f.getMediaType()));
        }
        body.put("files", files);
        body.put("fileCount", Integer.toUnsignedLong(a.getFileCount()));
        body.put("totalSize", a.getTotalSize());
        body.put("publisher", IndexedItems.publisher(a).toString());
        body.put("createdAt", a.getCreatedAt());
        body.put("priceSats", a.getPriceSats());
        body.put("free", a.getPriceSats() == 0);
        body.put("payout", a.getPayout());
        body.put("stampDifficulty", a.getStampDifficulty());
        body.put("providers", providers(providers));
        return body;
    }

    static List<Map<String, Object>> providers(List<ProviderDirectory.Provider> providers) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ProviderDirectory.Provider p : providers) {
            out.add(Map.of("peerId", p.peerId().toString(),
                    "addresses", p.addresses().stream().map(Multiaddr::toString).toList()));
        }
        return out;
    }
}

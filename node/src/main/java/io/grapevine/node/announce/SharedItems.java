package io.grapevine.node.announce;

import io.grapevine.node.announce.proto.AnnouncedFile;
import io.grapevine.node.content.ContentFile;
import io.grapevine.node.content.ContentManifest;

import java.util.ArrayList;
import java.util.List;

/** Drafts announcements of stored content: files from the manifest, as many as fit the message size. */
public final class SharedItems {
    /** Bytes of file entries an announcement lists at most, leaving room for text, keys and the signature. */
    static final int FILE_BUDGET_BYTES = 8 * 1024;

    private SharedItems() {}

    public static AnnouncementDraft draft(ContentManifest manifest, String title, String description, List<String> tags,
                                          long priceSats, String payout) {
        List<AnnouncedFile> files = new ArrayList<>();
        int budget = FILE_BUDGET_BYTES;
        for (ContentFile f : manifest.files()) {
            String media = f.mediaType() == null ? "" : f.mediaType();
            if (f.path().length() > AnnounceLimits.MAX_PATH || media.length() > AnnounceLimits.MAX_MEDIA_TYPE) continue;
            AnnouncedFile file = AnnouncedFile.newBuilder().setPath(f.path()).setSize(f.size())
                    .setMediaType(media).build();
            budget -= file.getSerializedSize() + 3;
            if (budget < 0 || files.size() == AnnounceLimits.MAX_FILES_LISTED) break;
            files.add(file);
        }
        return new AnnouncementDraft(manifest.id(), title, description, tags, files, manifest.files().size(),
                manifest.totalSize(), priceSats, payout);
    }
}

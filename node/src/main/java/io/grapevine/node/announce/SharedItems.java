package io.grapevine.node.announce;

import io.grapevine.node.announce.proto.AnnouncedFile;
import io.grapevine.node.content.ContentFile;
import io.grapevine.node.content.ContentManifest;
import io.grapevine.node.share.ShareRecord;

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
        for (ContentFile f : manifest.files()) {
            if (!add(files, f.path(), f.size(), f.mediaType())) break;
        }
        return new AnnouncementDraft(manifest.id(), title, description, tags, files, manifest.files().size(),
                manifest.totalSize(), priceSats, payout);
    }

    /** A share as the content feature reports it; an untitled share is announced under its first file's name. */
    public static AnnouncementDraft draft(ShareRecord share) {
        List<AnnouncedFile> files = new ArrayList<>();
        for (ShareRecord.SharedFile f : share.files()) {
            if (!add(files, f.path(), f.size(), f.mediaType())) break;
        }
        String title = share.title() == null || share.title().isBlank()
                ? (share.files().isEmpty() ? share.contentId().toString() : share.files().getFirst().path())
                : share.title();
        long price = share.priceSats() == null ? 0 : share.priceSats();
        return new AnnouncementDraft(share.contentId(), title, share.description(), share.tags(), files,
                share.files().size(), share.totalSize(), price, share.payout());
    }

    /** Lists the file if it fits the limits and the byte budget; false once the budget or the count is used up. */
    private static boolean add(List<AnnouncedFile> files, String path, long size, String mediaType) {
        String media = mediaType == null ? "" : mediaType;
        if (path.length() > AnnounceLimits.MAX_PATH || media.length() > AnnounceLimits.MAX_MEDIA_TYPE) return true;
        AnnouncedFile file = AnnouncedFile.newBuilder().setPath(path).setSize(size).setMediaType(media).build();
        int used = files.stream().mapToInt(f -> f.getSerializedSize() + 3).sum();
        if (used + file.getSerializedSize() + 3 > FILE_BUDGET_BYTES || files.size() == AnnounceLimits.MAX_FILES_LISTED) {
            return false;
        }
        files.add(file);
        return true;
    }
}

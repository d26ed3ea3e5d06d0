package io.grapevine.node.announce;

import io.grapevine.node.announce.proto.AnnouncedFile;
import io.grapevine.node.multiformats.Cid;

import java.util.List;

/** What a sharer says about an item, before time, stamp and signature are added by {@link AnnouncementAuthor}. */
public record AnnouncementDraft(Cid contentId, String title, String description, List<String> tags,
                                List<AnnouncedFile> files, int fileCount, long totalSize, long priceSats,
                                String payout) {
    public AnnouncementDraft {
        description = description == null ? "" : description;
        tags = tags == null ? List.of() : List.copyOf(tags);
        files = files == null ? List.of() : List.copyOf(files);
        payout = payout == null ? "" : payout;
    }
}

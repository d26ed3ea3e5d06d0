package io.grapevine.node.search;

import io.grapevine.index.item.IndexedFile;
import io.grapevine.index.item.IndexedItem;
import io.grapevine.node.announce.AnnounceCodec;
import io.grapevine.node.announce.proto.AnnouncedFile;
import io.grapevine.node.announce.proto.Announcement;
import io.grapevine.node.identity.PeerId;
import io.grapevine.node.multiformats.Cid;

import java.util.ArrayList;
import java.util.List;

/** Maps an accepted announcement to the index's plain record: content id and publisher as their usual strings. */
public final class IndexedItems {
    private IndexedItems() {}

    public static IndexedItem of(Announcement a) {
        List<IndexedFile> files = new ArrayList<>(a.getFilesCount());
        for (AnnouncedFile f : a.getFilesList()) files.add(new IndexedFile(f.getPath(), f.getSize(), f.getMediaType()));
        return new IndexedItem(contentId(a).toString(), a.getTitle(), a.getDescription(), a.getTagsList(), files,
                a.getTotalSize(), AnnounceCodec.publisherText(a.getPublisherKey()), a.getCreatedAt(), a.getPriceSats());
    }

    public static Cid contentId(Announcement a) {
        return Cid.fromBytes(a.getContentId().toByteArray());
    }

    public static PeerId publisher(Announcement a) {
        return AnnounceCodec.publisher(a.getPublisherKey());
    }
}

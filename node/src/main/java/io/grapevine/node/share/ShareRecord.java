package io.grapevine.node.share;

import io.grapevine.node.multiformats.Cid;
import java.time.Instant;
import java.util.List;

/**
 * Something this node shares: the content id, what people see (title, description, tags), the files, and an optional
 * price in satoshis with its payout address or xpub (plain data for now; the market gives them meaning).
 */
public record ShareRecord(Cid contentId, String title, String description, List<String> tags, List<SharedFile> files,
        long totalSize, Long priceSats, String payout, Instant sharedAt) {

    /** One file of the share, as in its manifest. */
    public record SharedFile(String path, long size, String mediaType) {
    }

    public ShareRecord {
        tags = List.copyOf(tags);
        files = List.copyOf(files);
    }
}

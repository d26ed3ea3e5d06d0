package io.grapevine.node.blocklists;

import java.util.Collection;
import java.util.function.BiConsumer;

/**
 * The blocklist hook of the search index, implemented over the announcement store and the search service: blocked
 * items leave the index (they stay in the store), and come back from the store when unblocked.
 */
public interface IndexedAnnouncements {
    /** Removes the item from the search index; nothing if it is not indexed. */
    void unindex(String contentId);

    /** Indexes the item again from the announcement store; nothing if the store does not hold it. */
    void reindex(String contentId);

    /** The publisher key of a stored announcement, or null when the store does not hold it. */
    byte[] publisherOf(String contentId);

    /** Content ids of the stored announcements of this publisher (marshalled key). */
    Collection<String> byPublisher(byte[] publisherKey);

    /** Every stored announcement's content id and publisher key (for a rescan after a denylist changes). */
    void forEachStored(BiConsumer<String, byte[]> contentIdAndPublisher);
}

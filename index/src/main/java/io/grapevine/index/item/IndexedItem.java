package io.grapevine.index.item;

import java.util.List;
import java.util.Objects;

/**
 * A shared item as the index sees it: the searchable part of an accepted announcement. Plain data, no node types; the
 * node maps its announcement record onto this.
 *
 * @param contentId unique key (the manifest CID); upserts and deletes go by it
 * @param publisher the publisher's key as a string (e.g. its peer id)
 * @param timeMillis announcement time, epoch milliseconds
 * @param priceSats price in satoshis, 0 = free
 */
public record IndexedItem(
    String contentId,
    String title,
    String description,
    List<String> tags,
    List<IndexedFile> files,
    long totalSize,
    String publisher,
    long timeMillis,
    long priceSats) {

  public IndexedItem {
    Objects.requireNonNull(contentId, "contentId");
    if (contentId.isBlank()) {
      throw new IllegalArgumentException("contentId must not be blank");
    }
    title = title == null ? "" : title;
    description = description == null ? "" : description;
    tags = tags == null ? List.of() : List.copyOf(tags);
    files = files == null ? List.of() : List.copyOf(files);
    publisher = publisher == null ? "" : publisher;
    if (totalSize < 0) {
      throw new IllegalArgumentException("totalSize must be >= 0: " + totalSize);
    }
    if (priceSats < 0) {
      throw new IllegalArgumentException("priceSats must be >= 0: " + priceSats);
    }
  }

  public boolean free() {
    return priceSats == 0;
  }
}

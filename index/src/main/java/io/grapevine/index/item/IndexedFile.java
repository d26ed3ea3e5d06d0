package io.grapevine.index.item;

import java.util.Objects;

/** One file of a shared item, as the index sees it: its name, byte size and media type (e.g. "video/mp4"). */
public record IndexedFile(String name, long size, String mediaType) {
  public IndexedFile {
    Objects.requireNonNull(name, "name");
    if (size < 0) {
      throw new IllegalArgumentException("file size must be >= 0: " + size);
    }
    mediaType = mediaType == null || mediaType.isBlank() ? "application/octet-stream" : mediaType.trim();
  }
}

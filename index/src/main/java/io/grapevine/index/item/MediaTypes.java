package io.grapevine.index.item;

import java.util.Locale;

/** Media type helpers: the coarse kind ("video", "audio", ...) that facets and filters group by. */
public final class MediaTypes {
  private MediaTypes() {}

  /** Lower-cased type without parameters: "Video/MP4; codecs=x" becomes "video/mp4". */
  public static String normalize(String mediaType) {
    String t = mediaType == null ? "" : mediaType.trim().toLowerCase(Locale.ROOT);
    int semicolon = t.indexOf(';');
    if (semicolon >= 0) {
      t = t.substring(0, semicolon).trim();
    }
    return t.isEmpty() ? "application/octet-stream" : t;
  }

  /** The top-level type of a media type: "video/mp4" gives "video"; a bare "video" stays "video". */
  public static String kind(String mediaType) {
    String t = normalize(mediaType);
    int slash = t.indexOf('/');
    return slash > 0 ? t.substring(0, slash) : t;
  }
}

package io.grapevine.index.query;

import java.util.Set;

/**
 * Structured filters, applied on top of the query text; they do not affect scores. Null or empty means "any".
 *
 * @param price free or paid items only, or both
 * @param mediaTypes items having a file of one of these media types; "video" means any video/*, "video/mp4" exactly
 * @param minSize smallest total size in bytes, inclusive
 * @param maxSize largest total size in bytes, inclusive
 * @param publishers items of one of these publisher keys
 * @param fromMillis earliest announcement time, inclusive
 * @param toMillis latest announcement time, inclusive
 */
public record SearchFilters(
    PriceFilter price,
    Set<String> mediaTypes,
    Long minSize,
    Long maxSize,
    Set<String> publishers,
    Long fromMillis,
    Long toMillis) {

  public static final SearchFilters NONE = new SearchFilters(PriceFilter.ANY, Set.of(), null, null, Set.of(), null, null);
  static final int MAX_VALUES = 64;

  public enum PriceFilter { ANY, FREE, PAID }

  public SearchFilters {
    price = price == null ? PriceFilter.ANY : price;
    mediaTypes = mediaTypes == null ? Set.of() : Set.copyOf(mediaTypes);
    publishers = publishers == null ? Set.of() : Set.copyOf(publishers);
    if (mediaTypes.size() > MAX_VALUES || publishers.size() > MAX_VALUES) {
      throw new QueryException("too many filter values (at most " + MAX_VALUES + " media types or publishers)");
    }
  }

  public SearchFilters withPrice(PriceFilter p) {
    return new SearchFilters(p, mediaTypes, minSize, maxSize, publishers, fromMillis, toMillis);
  }

  public SearchFilters withMediaTypes(Set<String> types) {
    return new SearchFilters(price, types, minSize, maxSize, publishers, fromMillis, toMillis);
  }

  public SearchFilters withSize(Long min, Long max) {
    return new SearchFilters(price, mediaTypes, min, max, publishers, fromMillis, toMillis);
  }

  public SearchFilters withPublishers(Set<String> keys) {
    return new SearchFilters(price, mediaTypes, minSize, maxSize, keys, fromMillis, toMillis);
  }

  public SearchFilters withTime(Long from, Long to) {
    return new SearchFilters(price, mediaTypes, minSize, maxSize, publishers, from, to);
  }
}

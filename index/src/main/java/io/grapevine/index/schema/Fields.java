package io.grapevine.index.schema;

/** Field names of an item document. The text fields are the ones a query may name; the rest serve filters and sorts. */
public final class Fields {
  private Fields() {}

  /** Content id: indexed keyword (upsert/delete key) and sorted doc values (tie-break, cursor, hit id). */
  public static final String ID = "id";
  public static final String TITLE = "title";
  public static final String DESCRIPTION = "description";
  public static final String TAG = "tag";
  public static final String FILE = "file";
  /** Publisher key: indexed keyword (filter, "publisher:" queries) and sorted doc values (returned with hits). */
  public static final String PUBLISHER = "publisher";
  /** Full media types ("video/mp4") and their kinds ("video") of the item's files, lower-cased keywords. */
  public static final String MEDIA = "media";
  /** Points for range filters plus numeric doc values for sorting and reading back. */
  public static final String SIZE = "size";
  public static final String TIME = "time";
  public static final String PRICE = "price";

  /** Facet dimensions (sorted-set doc values facets). */
  public static final String FACET_MEDIA = "media";
  public static final String FACET_PRICE = "price";
  public static final String PRICE_FREE = "free";
  public static final String PRICE_PAID = "paid";
}

package io.grapevine.index.search;

import io.grapevine.index.schema.Fields;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;

/** Result orders. Every order ends with the content id, so equal keys still give one stable order across pages. */
public enum SortOrder {
  RELEVANCE(SortField.FIELD_SCORE),
  NEWEST(new SortField(Fields.TIME, SortField.Type.LONG, true)),
  OLDEST(new SortField(Fields.TIME, SortField.Type.LONG, false)),
  LARGEST(new SortField(Fields.SIZE, SortField.Type.LONG, true)),
  SMALLEST(new SortField(Fields.SIZE, SortField.Type.LONG, false));

  private final Sort sort;

  SortOrder(SortField primary) {
    this.sort = new Sort(primary, new SortField(Fields.ID, SortField.Type.STRING));
  }

  public Sort sort() {
    return sort;
  }

  boolean byScore() {
    return this == RELEVANCE;
  }
}

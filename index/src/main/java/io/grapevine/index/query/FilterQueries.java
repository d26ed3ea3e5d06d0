package io.grapevine.index.query;

import io.grapevine.index.item.MediaTypes;
import io.grapevine.index.schema.Fields;
import java.util.List;
import java.util.Set;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexOrDocValuesQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.util.BytesRef;

/** Turns {@link SearchFilters} into non-scoring clauses around the user's query. */
public final class FilterQueries {
  private FilterQueries() {}

  public static Query apply(Query query, SearchFilters filters) {
    BooleanQuery.Builder b = new BooleanQuery.Builder().add(query, Occur.MUST);
    switch (filters.price()) {
      case FREE -> b.add(LongPoint.newExactQuery(Fields.PRICE, 0), Occur.FILTER);
      case PAID -> b.add(LongPoint.newRangeQuery(Fields.PRICE, 1, Long.MAX_VALUE), Occur.FILTER);
      case ANY -> { }
    }
    if (!filters.mediaTypes().isEmpty()) {
      b.add(terms(Fields.MEDIA, filters.mediaTypes().stream().map(MediaTypes::normalize).toList()), Occur.FILTER);
    }
    if (filters.minSize() != null || filters.maxSize() != null) {
      b.add(range(Fields.SIZE, filters.minSize(), filters.maxSize()), Occur.FILTER);
    }
    if (!filters.publishers().isEmpty()) {
      b.add(terms(Fields.PUBLISHER, List.copyOf(filters.publishers())), Occur.FILTER);
    }
    if (filters.fromMillis() != null || filters.toMillis() != null) {
      b.add(range(Fields.TIME, filters.fromMillis(), filters.toMillis()), Occur.FILTER);
    }
    return b.build();
  }

  private static Query terms(String field, List<String> values) {
    return new TermInSetQuery(field, Set.copyOf(values).stream().map(BytesRef::new).toList());
  }

  /** Points when the range is selective, doc values when another clause already narrowed the candidates. */
  private static Query range(String field, Long min, Long max) {
    long lo = min == null ? Long.MIN_VALUE : min;
    long hi = max == null ? Long.MAX_VALUE : max;
    if (lo > hi) {
      throw new QueryException(field + " filter is empty: minimum " + lo + " is above maximum " + hi);
    }
    return new IndexOrDocValuesQuery(
        LongPoint.newRangeQuery(field, lo, hi), NumericDocValuesField.newSlowRangeQuery(field, lo, hi));
  }
}

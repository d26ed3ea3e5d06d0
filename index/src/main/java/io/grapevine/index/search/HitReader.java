package io.grapevine.index.search;

import io.grapevine.index.schema.Fields;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;

/** Reads the displayed values of one hit: the title from stored fields, the rest from doc values. */
final class HitReader {
  record Values(String contentId, String title, long size, long price, long time, String publisher) {}

  private static final Set<String> STORED = Set.of(Fields.TITLE);

  private final List<LeafReaderContext> leaves;
  private final StoredFields storedFields;

  HitReader(IndexSearcher searcher) throws IOException {
    this.leaves = searcher.getIndexReader().leaves();
    this.storedFields = searcher.storedFields();
  }

  Values read(int doc) throws IOException {
    LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
    int local = doc - leaf.docBase;
    LeafReader reader = leaf.reader();
    String title = storedFields.document(doc, STORED).get(Fields.TITLE);
    return new Values(
        string(DocValues.getSorted(reader, Fields.ID), local),
        title == null ? "" : title,
        number(DocValues.getNumeric(reader, Fields.SIZE), local),
        number(DocValues.getNumeric(reader, Fields.PRICE), local),
        number(DocValues.getNumeric(reader, Fields.TIME), local),
        string(DocValues.getSorted(reader, Fields.PUBLISHER), local));
  }

  private static String string(SortedDocValues values, int doc) throws IOException {
    return values.advanceExact(doc) ? values.lookupOrd(values.ordValue()).utf8ToString() : "";
  }

  private static long number(NumericDocValues values, int doc) throws IOException {
    return values.advanceExact(doc) ? values.longValue() : 0L;
  }
}

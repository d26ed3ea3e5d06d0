package io.grapevine.index.schema;

import io.grapevine.index.item.IndexedFile;
import io.grapevine.index.item.IndexedItem;
import io.grapevine.index.item.MediaTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.Term;
import org.apache.lucene.util.BytesRef;

/**
 * Builds the Lucene document of an item. Only title and description are stored (for display and snippets); numbers,
 * id and publisher are read back from doc values, and tags/files are indexed only: the caller's store has the full
 * record. The index bounds what it takes from one item, whatever the caller validated.
 */
public final class ItemDocuments {
  public static final int MAX_TITLE_CHARS = 512;
  public static final int MAX_DESCRIPTION_CHARS = 8_192;
  public static final int MAX_TAGS = 64;
  public static final int MAX_FILES = 256;
  public static final int MAX_KEYWORD_CHARS = 256;

  /** Offsets in the postings let snippets be cut without re-analyzing the text (a few bytes per token). */
  private static final FieldType STORED_TEXT_WITH_OFFSETS = new FieldType(TextField.TYPE_STORED);

  static {
    STORED_TEXT_WITH_OFFSETS.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
    STORED_TEXT_WITH_OFFSETS.freeze();
  }

  private final FacetsConfig facetsConfig;

  public ItemDocuments(FacetsConfig facetsConfig) {
    this.facetsConfig = facetsConfig;
  }

  /** Facet dimensions: media kinds are multi-valued; no drill-down terms, filters use their own fields. */
  public static FacetsConfig newFacetsConfig() {
    FacetsConfig config = new FacetsConfig();
    config.setMultiValued(Fields.FACET_MEDIA, true);
    config.setDrillDownTermsIndexing(Fields.FACET_MEDIA, FacetsConfig.DrillDownTermsIndexing.NONE);
    config.setDrillDownTermsIndexing(Fields.FACET_PRICE, FacetsConfig.DrillDownTermsIndexing.NONE);
    return config;
  }

  public static Term idTerm(String contentId) {
    return new Term(Fields.ID, contentId);
  }

  public Document build(IndexedItem item) {
    Document doc = new Document();
    doc.add(new StringField(Fields.ID, clip(item.contentId(), MAX_KEYWORD_CHARS), Field.Store.NO));
    doc.add(new SortedDocValuesField(Fields.ID, new BytesRef(clip(item.contentId(), MAX_KEYWORD_CHARS))));
    doc.add(new Field(Fields.TITLE, clip(item.title(), MAX_TITLE_CHARS), STORED_TEXT_WITH_OFFSETS));
    doc.add(new Field(Fields.DESCRIPTION, clip(item.description(), MAX_DESCRIPTION_CHARS), STORED_TEXT_WITH_OFFSETS));
    item.tags().stream().limit(MAX_TAGS).forEach(t -> doc.add(new TextField(Fields.TAG, clip(t, MAX_KEYWORD_CHARS), Field.Store.NO)));

    Set<String> media = new LinkedHashSet<>();
    Set<String> kinds = new LinkedHashSet<>();
    item.files().stream().limit(MAX_FILES).forEach(f -> addFile(doc, f, media, kinds));
    media.forEach(m -> doc.add(new StringField(Fields.MEDIA, m, Field.Store.NO)));
    kinds.forEach(k -> doc.add(new StringField(Fields.MEDIA, k, Field.Store.NO)));
    kinds.forEach(k -> doc.add(new SortedSetDocValuesFacetField(Fields.FACET_MEDIA, k)));

    String publisher = clip(item.publisher(), MAX_KEYWORD_CHARS);
    doc.add(new StringField(Fields.PUBLISHER, publisher, Field.Store.NO));
    doc.add(new SortedDocValuesField(Fields.PUBLISHER, new BytesRef(publisher)));

    addLong(doc, Fields.SIZE, item.totalSize());
    addLong(doc, Fields.TIME, item.timeMillis());
    addLong(doc, Fields.PRICE, item.priceSats());
    doc.add(new SortedSetDocValuesFacetField(Fields.FACET_PRICE, item.free() ? Fields.PRICE_FREE : Fields.PRICE_PAID));
    try {
      return facetsConfig.build(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // only the taxonomy variant does I/O
    }
  }

  private static void addFile(Document doc, IndexedFile file, Set<String> media, Set<String> kinds) {
    doc.add(new TextField(Fields.FILE, clip(file.name(), MAX_KEYWORD_CHARS), Field.Store.NO));
    String type = clip(MediaTypes.normalize(file.mediaType()), MAX_KEYWORD_CHARS);
    media.add(type);
    kinds.add(MediaTypes.kind(type));
  }

  private static void addLong(Document doc, String field, long value) {
    doc.add(new LongPoint(field, value));
    doc.add(new NumericDocValuesField(field, value));
  }

  private static String clip(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max; // never split a surrogate pair
    return s.substring(0, end);
  }
}

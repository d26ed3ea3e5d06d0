package io.grapevine.index;

import io.grapevine.index.item.IndexedFile;
import io.grapevine.index.item.IndexedItem;
import java.util.List;

/** Small builder for items in tests. */
public final class TestItems {
  private String id;
  private String title = "";
  private String description = "";
  private List<String> tags = List.of();
  private List<IndexedFile> files = List.of();
  private long size = 1_000;
  private String publisher = "12D3KooWPublisherA";
  private long time = 1_700_000_000_000L;
  private long price;

  public static TestItems item(String id) {
    TestItems t = new TestItems();
    t.id = id;
    return t;
  }

  public TestItems title(String v) { title = v; return this; }
  public TestItems description(String v) { description = v; return this; }
  public TestItems tags(String... v) { tags = List.of(v); return this; }
  public TestItems file(String name, String mediaType) {
    files = new java.util.ArrayList<>(files);
    files.add(new IndexedFile(name, 100, mediaType));
    return this;
  }
  public TestItems size(long v) { size = v; return this; }
  public TestItems publisher(String v) { publisher = v; return this; }
  public TestItems time(long v) { time = v; return this; }
  public TestItems price(long v) { price = v; return this; }

  public IndexedItem build() {
    return new IndexedItem(id, title, description, tags, files, size, publisher, time, price);
  }
}

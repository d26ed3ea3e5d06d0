package io.grapevine.index.search;

import io.grapevine.index.query.QueryException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Base64;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.util.BytesRef;

/**
 * Search-after cursors: the sort key of the last hit of a page (score or time/size, then content id), as URL-safe
 * base64. It names no Lucene doc id, so it survives refreshes and merges; it comes back from clients, so decoding
 * checks every length.
 */
final class Cursor {
  private static final byte VERSION = 1;
  static final int MAX_CHARS = 1_024;
  private static final int MAX_ID_BYTES = 1_024;

  private Cursor() {}

  static String encode(SortOrder order, FieldDoc last) {
    byte[] id = ((BytesRef) last.fields[1]).utf8ToString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.allocate(2 + 8 + 2 + id.length);
    buf.put(VERSION).put((byte) order.ordinal());
    if (order.byScore()) {
      buf.putLong(Float.floatToRawIntBits((Float) last.fields[0]));
    } else {
      buf.putLong((Long) last.fields[0]);
    }
    buf.putShort((short) id.length).put(id);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(buf.array());
  }

  /**
   * The page boundary to search after. Its doc id is the reader's last, so the hit that ends the previous page (the
   * only one whose sort key ties completely, content ids being unique) is not repeated.
   */
  static FieldDoc decode(String cursor, SortOrder order, int maxDoc) {
    if (cursor.length() > MAX_CHARS) {
      throw new QueryException("invalid cursor: too long");
    }
    try {
      ByteBuffer buf = ByteBuffer.wrap(Base64.getUrlDecoder().decode(cursor));
      if (buf.get() != VERSION) {
        throw new QueryException("invalid cursor: unknown version");
      }
      if (buf.get() != order.ordinal()) {
        throw new QueryException("invalid cursor: it belongs to a search sorted by another order");
      }
      long key = buf.getLong();
      int idLength = Short.toUnsignedInt(buf.getShort());
      if (idLength > MAX_ID_BYTES || idLength != buf.remaining()) {
        throw new QueryException("invalid cursor: bad length");
      }
      byte[] id = new byte[idLength];
      buf.get(id);
      Object first = order.byScore() ? (Object) Float.intBitsToFloat((int) key) : (Object) key;
      return new FieldDoc(Math.max(0, maxDoc - 1), Float.NaN, new Object[] {first, new BytesRef(id)});
    } catch (IllegalArgumentException | BufferUnderflowException e) {
      throw new QueryException("invalid cursor", e);
    }
  }
}

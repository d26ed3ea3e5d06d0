package io.grapevine.index.query;

/** A search request the index refuses: bad syntax, a query too expensive, a bad cursor. The message is for the user. */
public final class QueryException extends RuntimeException {
  public QueryException(String message) {
    super(message);
  }

  public QueryException(String message, Throwable cause) {
    super(message, cause);
  }
}

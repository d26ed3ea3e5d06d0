package io.grapevine.index;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/** What each commit records besides documents: the schema it was written with and the caller's checkpoint. */
final class CommitData {
  /** Bump when analyzers or fields change: an index of another version is dropped and rebuilt by the caller. */
  static final String SCHEMA_VERSION = "1";
  static final String SCHEMA_KEY = "grapevine.index.schema";
  static final String CHECKPOINT_KEY = "grapevine.index.checkpoint";

  private CommitData() {}

  static Map<String, String> of(OptionalLong checkpoint) {
    Map<String, String> data = new HashMap<>();
    data.put(SCHEMA_KEY, SCHEMA_VERSION);
    checkpoint.ifPresent(c -> data.put(CHECKPOINT_KEY, Long.toString(c)));
    return data;
  }

  static OptionalLong checkpoint(Map<String, String> data) {
    String value = data.get(CHECKPOINT_KEY);
    if (value == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(value));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}

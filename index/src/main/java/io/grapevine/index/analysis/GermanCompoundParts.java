package io.grapevine.index.analysis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;

/**
 * Word list for splitting German compounds (no hyphenation grammar ships with Lucene, and ICU is not available). Entries
 * are folded the same way as indexed tokens, since the compound filter runs after ASCII folding.
 */
public final class GermanCompoundParts {
  private static final String RESOURCE = "german-compound-parts.txt";
  private static final CharArraySet WORDS = load();

  private GermanCompoundParts() {}

  public static CharArraySet words() {
    return WORDS;
  }

  private static CharArraySet load() {
    List<String> words = new ArrayList<>();
    try (InputStream in = GermanCompoundParts.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String word = line.strip();
        if (!word.isEmpty() && !word.startsWith("#")) {
          words.add(fold(word.toLowerCase(java.util.Locale.ROOT)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return CharArraySet.unmodifiableSet(new CharArraySet(words, false));
  }

  private static String fold(String word) {
    char[] out = new char[word.length() * 4];
    int n = ASCIIFoldingFilter.foldToASCII(word.toCharArray(), 0, out, 0, word.length());
    return new String(out, 0, n);
  }
}

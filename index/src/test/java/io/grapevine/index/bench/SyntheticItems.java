package io.grapevine.index.bench;

import io.grapevine.index.item.IndexedFile;
import io.grapevine.index.item.IndexedItem;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic announcements: item i is the same on every call, so the benchmark can build phrase queries
 * from titles it indexed. Words follow a Zipf distribution over a vocabulary of real words plus generated ones.
 */
final class SyntheticItems {
  private static final String[] COMMON = (
      "the of and a in to live night love best music video movie film song album collection complete edition "
      + "season episode part volume remastered official original soundtrack theme summer winter spring autumn "
      + "city world story history war peace home family travel guide tutorial course lecture introduction "
      + "advanced beginner photo photos picture gallery book audiobook novel poem poetry jazz rock pop classical "
      + "blues folk metal piano guitar drum orchestra concert festival tour documentary nature ocean mountain "
      + "river forest desert island space star planet moon sun light dark shadow fire water earth wind king queen "
      + "prince princess dragon magic ghost city street road train car plane ship river bridge tower castle "
      + "garden house kitchen recipe cooking bread cake wine coffee tea game games player chess football tennis "
      + "science math physics chemistry biology computer programming software linux java python data network "
      + "security privacy open source free public domain archive old new first last great little big red blue "
      + "green black white golden silver dream dreams heart soul mind time life death day days year years")
      .split(" ");
  private static final String[] SYLLABLES = {
    "ka", "lo", "mi", "ren", "sa", "to", "vel", "dor", "ian", "el", "ma", "ri", "no", "bel", "tar", "qu", "en",
    "os", "li", "za", "gor", "fin", "ra", "the", "um", "bra", "dis", "po", "ne", "sto", "val", "ver", "ion", "ca"};
  private static final String[][] MEDIA = {
    {"video/mp4", "mp4"}, {"video/x-matroska", "mkv"}, {"audio/mpeg", "mp3"}, {"audio/flac", "flac"},
    {"image/jpeg", "jpg"}, {"application/pdf", "pdf"}, {"text/plain", "txt"}, {"application/zip", "zip"}};
  private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
  static final long NOW = 1_790_000_000_000L;
  static final long TWO_YEARS = 2L * 365 * 24 * 3600 * 1000;

  final String[] vocabulary;
  private final double[] zipfCdf;
  private final String[] tags;
  private final String[] publishers;

  SyntheticItems(int vocabularySize, int publisherCount) {
    SplittableRandom r = new SplittableRandom(42);
    vocabulary = new String[vocabularySize];
    System.arraycopy(COMMON, 0, vocabulary, 0, COMMON.length);
    for (int i = COMMON.length; i < vocabularySize; i++) {
      StringBuilder w = new StringBuilder();
      int n = 2 + r.nextInt(3);
      for (int s = 0; s < n; s++) {
        w.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
      }
      vocabulary[i] = w.toString();
    }
    zipfCdf = new double[vocabularySize];
    double sum = 0;
    for (int i = 0; i < vocabularySize; i++) {
      sum += 1.0 / Math.pow(i + 1, 1.0);
      zipfCdf[i] = sum;
    }
    for (int i = 0; i < vocabularySize; i++) {
      zipfCdf[i] /= sum;
    }
    tags = new String[300];
    for (int i = 0; i < tags.length; i++) {
      tags[i] = i < 100 ? COMMON[i + 20] : vocabulary[200 + i * 7] + (i % 3 == 0 ? " " + vocabulary[400 + i] : "");
    }
    publishers = new String[publisherCount];
    for (int i = 0; i < publisherCount; i++) {
      publishers[i] = "12D3KooW" + random(r, BASE58, 44);
    }
  }

  String word(SplittableRandom r) {
    double u = r.nextDouble();
    int lo = 0;
    int hi = zipfCdf.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (zipfCdf[mid] < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return vocabulary[lo];
  }

  IndexedItem item(long i) {
    SplittableRandom r = new SplittableRandom(i * 0x9E3779B97F4A7C15L + 7);
    String title = title(r);
    StringBuilder description = new StringBuilder();
    int words = 8 + r.nextInt(18);
    for (int w = 0; w < words; w++) {
      description.append(w == 0 ? "" : " ").append(word(r));
    }
    description.append('.');
    List<String> itemTags = new ArrayList<>();
    int tagCount = 1 + r.nextInt(4);
    for (int t = 0; t < tagCount; t++) {
      itemTags.add(tags[(int) Math.min(tags.length - 1, Math.abs(r.nextGaussian()) * 60)]);
    }
    List<IndexedFile> files = new ArrayList<>();
    String[] kind = MEDIA[r.nextInt(MEDIA.length)];
    int fileCount = 1 + r.nextInt(4);
    long total = 0;
    for (int f = 0; f < fileCount; f++) {
      long size = (long) Math.pow(10, 4 + r.nextDouble() * 6);
      total += size;
      String[] parts = title.split(" ");
      String base = f % 2 == 0 ? camel(parts) : String.join("_", parts).toLowerCase(java.util.Locale.ROOT);
      files.add(new IndexedFile(base + "-" + (f + 1) + "." + kind[1], size, kind[0]));
    }
    long price = r.nextInt(100) < 85 ? 0 : 1_000 + r.nextInt(1_000_000);
    String publisher = publishers[(int) Math.min(publishers.length - 1, Math.abs(r.nextGaussian()) * publishers.length / 3)];
    String cid = "bafkrei" + random(new SplittableRandom(i), BASE32, 52);
    return new IndexedItem(cid, title, description.toString(), itemTags, files, total, publisher,
        NOW - (long) (r.nextDouble() * TWO_YEARS), price);
  }

  /** The title of item i (same random stream as {@link #item}). */
  String titleOf(long i) {
    return title(new SplittableRandom(i * 0x9E3779B97F4A7C15L + 7));
  }

  private String title(SplittableRandom r) {
    StringBuilder title = new StringBuilder();
    int words = 2 + r.nextInt(6);
    for (int w = 0; w < words; w++) {
      String word = word(r);
      title.append(w == 0 ? "" : " ").append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
    }
    return title.toString();
  }

  private static String camel(String[] parts) {
    StringBuilder b = new StringBuilder();
    for (String p : parts) {
      b.append(Character.toUpperCase(p.charAt(0))).append(p, 1, p.length());
    }
    return b.toString();
  }

  private static String random(SplittableRandom r, String alphabet, int n) {
    StringBuilder b = new StringBuilder(n);
    for (int k = 0; k < n; k++) {
      b.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}

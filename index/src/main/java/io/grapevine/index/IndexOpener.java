package io.grapevine.index;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.Lock;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * Opens the writer on the last commit. Lucene commits are atomic, so after a crash the last commit is a consistent index
 * and whatever was written after it is discarded. An index that cannot be read (corrupt, foreign format) or was written
 * with another schema is wiped and reported as needing a rebuild from the caller's store.
 */
final class IndexOpener {
  record Opened(Directory directory, IndexWriter writer, boolean rebuildNeeded, String reason, OptionalLong checkpoint) {}

  private IndexOpener() {}

  static Opened open(IndexConfig config, Analyzer indexAnalyzer) throws IOException {
    Files.createDirectories(config.directory());
    Directory dir = FSDirectory.open(config.directory());
    try {
      String problem = problemWith(dir);
      OptionalLong checkpoint = OptionalLong.empty();
      if (problem == null) {
        checkpoint = CommitData.checkpoint(SegmentInfos.readLatestCommit(dir).getUserData());
      } else if (!problem.equals(NEW)) {
        wipe(dir);
      }
      IndexWriterConfig iwc = new IndexWriterConfig(indexAnalyzer)
          .setOpenMode(problem == null ? IndexWriterConfig.OpenMode.APPEND : IndexWriterConfig.OpenMode.CREATE)
          .setRAMBufferSizeMB(config.ramBufferMb())
          // Flushed segments stay as separate files: packing each into a compound file copies every byte once more.
          .setUseCompoundFile(false)
          .setCommitOnClose(false); // close() commits explicitly, with the commit data
      IndexWriter writer = new IndexWriter(dir, iwc);
      if (problem != null) {
        writer.setLiveCommitData(CommitData.of(OptionalLong.empty()).entrySet());
        writer.commit(); // so the schema version is on disk from the start
      }
      return new Opened(dir, writer, problem != null, problem, checkpoint);
    } catch (LockObtainFailedException e) {
      dir.close();
      throw new IOException("index " + config.directory() + " is in use by another process", e);
    } catch (IOException | RuntimeException e) {
      dir.close();
      throw e;
    }
  }

  private static final String NEW = "new index";

  /** Null when the last commit is readable and of this schema; otherwise why it must be rebuilt. */
  private static String problemWith(Directory dir) {
    try {
      if (!DirectoryReader.indexExists(dir)) {
        return NEW;
      }
      Map<String, String> data = SegmentInfos.readLatestCommit(dir).getUserData();
      String schema = data.get(CommitData.SCHEMA_KEY);
      if (!CommitData.SCHEMA_VERSION.equals(schema)) {
        return "index schema " + schema + " differs from " + CommitData.SCHEMA_VERSION;
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return "unreadable index (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
    }
  }

  /** Removes every index file under the write lock, so no other process is using it meanwhile. */
  private static void wipe(Directory dir) throws IOException {
    try (Lock lock = dir.obtainLock(IndexWriter.WRITE_LOCK_NAME)) {
      for (String file : dir.listAll()) {
        if (!file.equals(IndexWriter.WRITE_LOCK_NAME)) {
          dir.deleteFile(file);
        }
      }
      lock.ensureValid();
    }
  }
}

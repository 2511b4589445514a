package dev.tooln1.activities.benchmarks.bfcl;

import dev.tooln1.activities.benchmarks.ResultsLog;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The per-item results of a BFCL run ({@code results.jsonl}): one {@link BfclItemResult} a line,
 * appended and flushed as each item is judged, so that an interrupted run loses at most the item being
 * written; a torn last line (a kill mid-write) is dropped on reading and cut away before the next
 * append (see {@link ResultsLog}); any other bad line is an error naming file and line.
 */
public final class BfclResultsFile {

  private static final ResultsLog.Codec<BfclItemResult> CODEC =
      new ResultsLog.Codec<>(BfclItemResult::toJson, BfclItemResult::fromJson, BfclItemResult::id);

  private final ResultsLog<BfclItemResult> log;

  public BfclResultsFile(Path file) {
    this.log = new ResultsLog<>(file, CODEC);
  }

  public Path path() {
    return log.path();
  }

  /** Results recorded so far, by id in file order (empty when the file does not exist). */
  public Map<String, BfclItemResult> read() {
    return log.read();
  }

  /** Reads any results file. @throws IllegalArgumentException naming file and line */
  public static Map<String, BfclItemResult> read(Path file) {
    return new BfclResultsFile(file).read();
  }

  /** Ids already recorded. */
  public Set<String> finishedIds() {
    return new HashSet<>(read().keySet());
  }

  /** Opens for appending (after repairing a torn last line). */
  public ResultsLog.Appender<BfclItemResult> appender() {
    return log.appender();
  }
}
